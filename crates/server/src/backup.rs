//! The backup file: the whole directory as one JSON document, as the store decides what a
//! backup holds ([`Backup`]). This module writes it (pretty-printed, replaced whole, readable by
//! its owner only) and reads it (naming what a file that is not a backup is); the `export` and
//! `import backup` commands use it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use recovery_store::Backup;
use serde::Deserialize;

/// The file name that means standard output (export) or standard input (import).
pub const STDIO: &str = "-";

/// Writes `backup` as pretty-printed JSON (one backup is read by people too).
pub fn write_backup(backup: &Backup, out: &mut impl Write) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, backup)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Reads a backup: first its `format` and `version`, so that a file that is something else
/// (or a newer backup) is named as such rather than reported as broken, then the whole of
/// it, naming the path of the first bad value; last the store's own checks
/// ([`Backup::problems`]), all of them listed.
pub fn read_backup(bytes: &[u8]) -> anyhow::Result<Backup> {
    /// Just the header; every other member is skipped.
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    // Serde would read a struct from an array too: a Meeting Guide feed is not a backup.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        bail!("not a recovery-directory backup: not a JSON object");
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| anyhow!("not JSON: {e}"))?;
    match header.format {
        Some(serde_json::Value::String(format)) if format == Backup::FORMAT => {}
        Some(other) => bail!("not a recovery-directory backup: its format is {other}, not \"{}\"", Backup::FORMAT),
        None => bail!("not a recovery-directory backup: it has no \"format\": \"{}\"", Backup::FORMAT),
    }
    match header.version {
        Some(version) if version.as_u64().is_some_and(Backup::reads_version) => {}
        Some(version) => bail!(
            "backup version {version} is not supported: this build reads versions {} to {}",
            Backup::OLDEST_VERSION,
            Backup::VERSION
        ),
        None => bail!("the backup has no version"),
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let backup: Backup = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        anyhow!("invalid backup at `{path}`: {}", e.into_inner())
    })?;
    let problems = backup.problems();
    if !problems.is_empty() {
        bail!("invalid backup:\n  {}", problems.join("\n  "));
    }
    Ok(backup)
}

/// How messages call `file`: `-` is standard input or output.
pub fn shown_name(file: &str, stdio: &str) -> String {
    if file == STDIO { stdio.to_string() } else { file.to_string() }
}

/// Writes `backup` to a temporary file beside `path`, flushed to disk, then renames it to
/// `path`; on any failure the temporary file is removed and `path` is left as it was.
pub fn write_atomically(path: &Path, backup: &Backup) -> anyhow::Result<()> {
    let name = path.file_name().with_context(|| format!("`{}` does not name a file", path.display()))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp: PathBuf = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut out = BufWriter::new(create_private(&temp)?);
        write_backup(backup, &mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        anyhow::Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A new file only its owner may read.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use recovery_store::BackupCounts;
    use serde_json::json;

    use super::*;

    fn empty_backup() -> serde_json::Value {
        json!({
            "format": "recovery-directory-backup",
            "version": 1,
            "exported_at": "2030-01-02T03:04:05.123456Z",
            "backend": "sqlite",
            "meetings": [],
            "users": [],
            "sources": [],
            "change_log": []
        })
    }

    fn read(value: &serde_json::Value) -> anyhow::Result<Backup> {
        read_backup(&serde_json::to_vec(value).unwrap())
    }

    fn message(value: &serde_json::Value) -> String {
        format!("{:#}", read(value).unwrap_err())
    }

    #[test]
    fn an_empty_backup_reads() {
        let backup = read(&empty_backup()).unwrap();
        assert_eq!(backup.counts(), BackupCounts::default());
        assert_eq!(backup.exported_at.to_rfc3339(), "2030-01-02T03:04:05.123456+00:00");
    }

    #[test]
    fn other_files_are_named_for_what_they_are() {
        let meeting_guide = json!([{"name": "A meeting", "slug": "a"}]);
        assert_eq!(message(&meeting_guide), "not a recovery-directory backup: not a JSON object");
        assert!(format!("{:#}", read_backup(b" {\"format\": ").unwrap_err()).starts_with("not JSON: "));
        let mut other = empty_backup();
        other["format"] = json!("tsml");
        assert_eq!(
            message(&other),
            "not a recovery-directory backup: its format is \"tsml\", not \"recovery-directory-backup\""
        );
        other.as_object_mut().unwrap().remove("format");
        assert!(message(&other).contains("has no \"format\""));
        let mut newer = empty_backup();
        newer["version"] = json!(3);
        assert_eq!(message(&newer), "backup version 3 is not supported: this build reads versions 1 to 2");
        newer["version"] = json!(2);
        assert!(read(&newer).is_ok(), "version 1 and 2 both read");
    }

    #[test]
    fn bad_values_are_named_by_their_path() {
        let mut backup = empty_backup();
        backup["users"] = json!([{
            "id": "0194f1e2-7a3b-7c4d-8e5f-000000000001", "email": "a@example.org", "role": "root",
            "active": true, "created_at": "2030-01-01T00:00:00Z", "updated_at": "2030-01-01T00:00:00Z",
            "password_hash": "$argon2id$x"
        }]);
        let text = message(&backup);
        assert!(text.starts_with("invalid backup at `users[0].role`"), "{text}");
        backup["users"][0]["role"] = json!("admin");
        assert!(read(&backup).is_ok());
        backup["users"][0]["password"] = json!("plain");
        assert!(message(&backup).contains("users[0]"), "unknown members are refused: {}", message(&backup));
        let mut extra = empty_backup();
        extra["settings"] = json!({});
        assert!(message(&extra).contains("unknown field `settings`"), "{}", message(&extra));
    }

    #[test]
    fn problems_are_all_listed() {
        let mut backup = empty_backup();
        let answer = json!({"query": "q", "latitude": null, "longitude": null, "approximate": false,
            "fetched_at": "2030-01-01T00:00:00Z"});
        backup["geocode_cache"] = json!([answer.clone(), answer]);
        let entry = json!({"seq": 5, "entity": "user", "entity_id": "x", "action": "create",
            "actor": "system:cli", "at": "2030-01-01T00:00:00Z", "before": null, "after": null});
        backup["change_log"] = json!([entry.clone(), entry]);
        let text = message(&backup);
        assert!(text.starts_with("invalid backup:\n  change_log[1].seq: 5 does not follow 5"), "{text}");
        assert!(text.contains("\n  geocode_cache[1].query: `q` appears twice"), "{text}");
    }

    #[test]
    fn files_are_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let backup = read(&empty_backup()).unwrap();
        let path = dir.path().join("backup.json");
        fs::write(&path, "the previous backup").unwrap();
        write_atomically(&path, &backup).unwrap();
        assert_eq!(read_backup(&fs::read(&path).unwrap()).unwrap(), backup);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }

        // A target that cannot be replaced (a non-empty folder): the temporary file goes away.
        let folder = dir.path().join("folder");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("inside"), "x").unwrap();
        assert!(write_atomically(&folder, &backup).is_err());
        assert!(write_atomically(&dir.path().join("missing/backup.json"), &backup).is_err());
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["backup.json", "folder"]);
    }
}
