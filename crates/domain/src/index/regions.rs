//! The region tree ("New York › Manhattan") with how many meetings each region holds.
//!
//! The index counts meetings per full region path as they come and go; the tree is put
//! together on request, since there are few distinct paths. Like the region filter, the tree
//! ignores case: "Manhattan" and "manhattan" are one region, shown in its most used spelling.

use std::collections::BTreeMap;

use serde::Serialize;

/// A region, how many indexed meetings are in it (its subregions included), and its subregions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionNode {
    /// The region's name ("Manhattan").
    pub name: String,
    /// The names from the widest region down to this one (["New York", "Manhattan"]).
    pub path: Vec<String>,
    /// Meetings in this region or any subregion.
    pub meeting_count: usize,
    /// The subregions, sorted by name.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<RegionNode>,
}

/// How many indexed meetings have each exact region path.
#[derive(Debug, Default)]
pub(crate) struct RegionCounts {
    paths: BTreeMap<Vec<String>, usize>,
}

impl RegionCounts {
    /// Counts one more meeting at `path`.
    pub(crate) fn add(&mut self, path: &[String]) {
        if !path.is_empty() {
            *self.paths.entry(path.to_vec()).or_default() += 1;
        }
    }

    /// Counts one meeting fewer at `path`.
    pub(crate) fn remove(&mut self, path: &[String]) {
        if let Some(count) = self.paths.get_mut(path) {
            *count -= 1;
            if *count == 0 {
                self.paths.remove(path);
            }
        }
    }

    /// The tree of every counted region, widest regions first, sorted by name at each level.
    pub(crate) fn tree(&self) -> Vec<RegionNode> {
        let paths: Vec<(&[String], usize)> = self.paths.iter().map(|(p, &n)| (p.as_slice(), n)).collect();
        level(&paths, 0, &[])
    }
}

/// The paths under one folded name, and how many meetings use each spelling of it.
type Group<'a> = (Vec<(&'a [String], usize)>, BTreeMap<&'a str, usize>);

/// The nodes at `depth` for `paths`, which all share the parent `parent`.
fn level(paths: &[(&[String], usize)], depth: usize, parent: &[String]) -> Vec<RegionNode> {
    // Group by the folded name at this depth; remember each spelling's count to pick the name.
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for &(path, count) in paths {
        if let Some(name) = path.get(depth) {
            let (members, spellings) = groups.entry(name.to_lowercase()).or_default();
            members.push((path, count));
            *spellings.entry(name.as_str()).or_default() += count;
        }
    }
    let mut nodes: Vec<RegionNode> = groups
        .into_values()
        .map(|(members, spellings)| {
            // The most used spelling; among equals the first in order.
            let name = spellings.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(s, _)| *s).unwrap_or("");
            let mut path = parent.to_vec();
            path.push(name.to_string());
            let meeting_count = members.iter().map(|(_, n)| n).sum();
            let children = level(&members, depth + 1, &path);
            RegionNode { name: name.to_string(), path, meeting_count, children }
        })
        .collect();
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    nodes
}
