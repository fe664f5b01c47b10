//! The tables, as Diesel sees them. Written by hand to match both migration folders; the
//! schema tests check the two backends agree.

diesel::table! {
    /// One row per meeting; location, online and group fields are flattened into it.
    meetings (id) {
        /// UUID text.
        id -> Text,
        slug -> Text,
        name -> Text,
        program -> Text,
        /// 0 = Sunday … 6 = Saturday.
        day -> SmallInt,
        /// "HH:MM".
        time -> Text,
        end_time -> Nullable<Text>,
        /// IANA name.
        timezone -> Text,
        /// JSON array of type codes.
        types -> Text,
        notes -> Nullable<Text>,
        status -> Text,
        /// False when the meeting has no location at all (so "none" round-trips).
        has_location -> Bool,
        location_name -> Nullable<Text>,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        state -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        formatted_address -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        approximate -> Bool,
        location_notes -> Nullable<Text>,
        /// JSON array, widest region first.
        regions -> Text,
        conference_url -> Nullable<Text>,
        conference_url_notes -> Nullable<Text>,
        conference_phone -> Nullable<Text>,
        conference_phone_notes -> Nullable<Text>,
        temporarily_closed -> Bool,
        group_name -> Nullable<Text>,
        group_notes -> Nullable<Text>,
        group_website -> Nullable<Text>,
        group_email -> Nullable<Text>,
        group_phone -> Nullable<Text>,
        venmo -> Nullable<Text>,
        paypal -> Nullable<Text>,
        square -> Nullable<Text>,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
        /// UTC; when staff last confirmed the meeting (not content: `updated_at` stays).
        verified_at -> Nullable<Timestamp>,
        /// The user id of who confirmed it.
        verified_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// A meeting's contacts, in order.
    meeting_contacts (meeting_id, position) {
        meeting_id -> Text,
        /// 0-based order within the meeting.
        position -> Integer,
        name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        public -> Bool,
    }
}

diesel::table! {
    /// Staff users.
    users (id) {
        /// UUID text.
        id -> Text,
        /// Lowercase.
        email -> Text,
        password_hash -> Text,
        role -> Text,
        active -> Bool,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
        /// JSON array of region names; `[]` is unscoped.
        scope_regions -> Text,
        /// JSON array of program ids; `[]` is unscoped.
        scope_programs -> Text,
        /// Raised whenever the user's access tokens must end (see `User::token_generation`).
        token_generation -> BigInt,
    }
}

diesel::table! {
    /// Rotating refresh tokens, by the SHA-256 of the token (hex).
    refresh_tokens (id) {
        /// UUID text.
        id -> Text,
        token_hash -> Text,
        /// UUID text shared by the rotations of one sign-in.
        family_id -> Text,
        user_id -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        expires_at -> Timestamp,
        /// UTC; set when the token was exchanged for a new one.
        used_at -> Nullable<Timestamp>,
        /// UTC; set when the token's family was revoked (logout, reuse, deactivation).
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Signed-in console sessions, by the SHA-256 of the cookie's token (hex).
    staff_sessions (id) {
        /// SHA-256 hex of the session token.
        id -> Text,
        user_id -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC; the last request seen (to within a minute), for the idle timeout.
        last_seen_at -> Timestamp,
        /// UTC; the absolute end of the session.
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// One-time invitation and password-reset links, by the SHA-256 of the token (hex).
    staff_links (id) {
        /// UUID text.
        id -> Text,
        token_hash -> Text,
        /// `invitation` or `reset`.
        kind -> Text,
        user_id -> Text,
        /// The admin's user id.
        created_by -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        expires_at -> Timestamp,
        /// UTC; set when the link was used.
        used_at -> Nullable<Timestamp>,
        /// UTC; set when an admin revoked the link.
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Failed sign-ins per account or client address.
    sign_in_throttle (key) {
        /// `account:<hash>` or `address:<hash>`.
        key -> Text,
        /// Failures since `window_start`.
        failures -> Integer,
        /// UTC.
        window_start -> Timestamp,
        /// UTC; sign-ins with this key are refused until then.
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The append-only audit log, read by followers in `seq` order.
    change_log (seq) {
        seq -> BigInt,
        /// "meeting", "user", …
        entity -> Text,
        entity_id -> Text,
        /// "create", "update", "archive", "delete".
        action -> Text,
        /// A user id or `system:<what>`.
        actor -> Text,
        /// UTC.
        at -> Timestamp,
        /// JSON of the entity before the change.
        before -> Nullable<Text>,
        /// JSON of the entity after the change.
        after -> Nullable<Text>,
    }
}

diesel::table! {
    /// Problem reports from the public; `contact_email` is erased after the retention period.
    reports (id) {
        /// UUID text (v7: sorts by creation).
        id -> Text,
        /// "meeting" or "service".
        listing_kind -> Text,
        /// UUID text of the listing.
        listing_id -> Text,
        /// "wrong_time", "wrong_address", "closed", "online_link_broken", "other".
        reason -> Text,
        message -> Text,
        contact_email -> Nullable<Text>,
        /// "open", "resolved", "dismissed".
        status -> Text,
        note -> Nullable<Text>,
        /// The change-log entry that fixed the listing.
        change_seq -> Nullable<BigInt>,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        closed_at -> Nullable<Timestamp>,
        /// User id.
        closed_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// API keys of third-party apps: only the SHA-256 of each key is kept (hex), and its prefix.
    api_keys (id) {
        /// UUID text.
        id -> Text,
        name -> Text,
        owner_email -> Text,
        /// The random part shown in lists (`rdk_<prefix>_…`).
        prefix -> Text,
        /// Hex SHA-256 of the whole key.
        key_hash -> Text,
        /// Overrides the server's limit for authenticated callers.
        rate_limit_per_minute -> Nullable<Integer>,
        /// UTC.
        created_at -> Timestamp,
        /// UTC; written at most once a minute per key.
        last_used_at -> Nullable<Timestamp>,
        /// UTC; a revoked key no longer authenticates.
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Agencies (HSDS organizations); `data` is the whole domain value as JSON.
    organizations (id) {
        /// UUID text.
        id -> Text,
        /// A copy of `data.name`.
        name -> Text,
        /// A copy of `data.parent_organization_id`.
        parent_organization_id -> Nullable<Text>,
        /// JSON of the domain `OrganizationData`.
        data -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Places where services are delivered (HSDS locations); `data` is the whole domain value.
    locations (id) {
        /// UUID text.
        id -> Text,
        /// A copy of `data.organization_id`.
        organization_id -> Nullable<Text>,
        /// A copy of `data.name`.
        name -> Nullable<Text>,
        /// A copy of `data.latitude`.
        latitude -> Nullable<Double>,
        /// A copy of `data.longitude`.
        longitude -> Nullable<Double>,
        /// JSON of the domain `LocationData`.
        data -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Services agencies provide (HSDS services); `data` is the whole domain value.
    services (id) {
        /// UUID text.
        id -> Text,
        /// A copy of `data.organization_id`.
        organization_id -> Text,
        /// A copy of `data.name`.
        name -> Text,
        /// A copy of `data.status` ("active", "inactive", "defunct", "temporarily closed").
        status -> Text,
        /// JSON of the domain `ServiceData`.
        data -> Text,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Where each service is delivered (a copy of `services.data`'s `service_at_locations`).
    service_locations (service_id, location_id) {
        service_id -> Text,
        location_id -> Text,
        id -> Text,
    }
}

diesel::table! {
    /// The categories of each service (a copy of `services.data`'s `categories`).
    service_categories (service_id, term_id) {
        service_id -> Text,
        term_id -> Text,
    }
}

diesel::table! {
    /// Category vocabularies (HSDS taxonomy); the directory's own is seeded by its migration.
    taxonomies (id) {
        /// UUID text.
        id -> Text,
        name -> Text,
        description -> Text,
        uri -> Nullable<Text>,
        version -> Nullable<Text>,
    }
}

diesel::table! {
    /// Categories (HSDS taxonomy_term), hierarchical by `parent_id`.
    taxonomy_terms (id) {
        /// UUID text.
        id -> Text,
        taxonomy_id -> Text,
        parent_id -> Nullable<Text>,
        /// Unique.
        code -> Text,
        name -> Text,
        description -> Text,
        /// ISO 639.
        language -> Nullable<Text>,
        term_uri -> Nullable<Text>,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Import sources staff registered.
    sources (id) {
        /// UUID text.
        id -> Text,
        name -> Text,
        /// "meeting-guide", "tsml-csv", "bmlt", "hsds".
        kind -> Text,
        /// `None` for a source fed by uploaded files.
        url -> Nullable<Text>,
        program -> Text,
        /// IANA name.
        default_timezone -> Text,
        /// JSON array, widest region first.
        region_prefix -> Text,
        interval_minutes -> Nullable<Integer>,
        enabled -> Bool,
        /// UTC.
        created_at -> Timestamp,
        /// UTC.
        updated_at -> Timestamp,
        /// UTC; when the scheduler runs it next.
        next_sync_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Where each imported meeting came from.
    meeting_sources (meeting_id) {
        meeting_id -> Text,
        source_id -> Text,
        /// Its identity in the source.
        external_key -> Text,
        /// The hash of the source record it was last written from.
        content_hash -> Text,
        /// UTC.
        fetched_at -> Timestamp,
        /// UTC; the meeting's `updated_at` as the last sync wrote it.
        synced_version -> Timestamp,
        /// JSON array of flag names.
        flags -> Text,
        /// UTC; the source's own `updated` of the record last written, when it gave one.
        source_updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// One row per import run; the items are JSON in `report`.
    import_runs (id) {
        /// UUID text.
        id -> Text,
        /// `None` once the source was deleted.
        source_id -> Nullable<Text>,
        kind -> Text,
        origin -> Text,
        /// "api", "schedule", "cli".
        trigger -> Text,
        dry_run -> Bool,
        /// "succeeded", "failed".
        status -> Text,
        /// UTC.
        started_at -> Timestamp,
        /// UTC.
        finished_at -> Timestamp,
        source_records -> BigInt,
        added -> BigInt,
        updated -> BigInt,
        unchanged -> BigInt,
        archived -> BigInt,
        rejected -> BigInt,
        conflicts -> BigInt,
        flagged -> BigInt,
        error -> Nullable<Text>,
        /// JSON object: rejected, conflicts, flagged, warnings.
        report -> Text,
    }
}

diesel::table! {
    /// Remembered geocoder answers by normalized query.
    geocode_cache (query) {
        query -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        approximate -> Bool,
        /// UTC.
        fetched_at -> Timestamp,
    }
}

diesel::table! {
    /// Time-limited locks: one holder per scheduled job.
    leases (name) {
        name -> Text,
        holder -> Text,
        /// UTC.
        expires_at -> Timestamp,
    }
}

diesel::joinable!(meeting_contacts -> meetings (meeting_id));
diesel::joinable!(meeting_sources -> meetings (meeting_id));
diesel::joinable!(meeting_sources -> sources (source_id));
diesel::joinable!(service_locations -> services (service_id));
diesel::joinable!(service_categories -> services (service_id));
diesel::allow_tables_to_appear_in_same_query!(meetings, meeting_contacts, users, change_log, meeting_sources, sources);
diesel::allow_tables_to_appear_in_same_query!(staff_sessions, staff_links, users);
diesel::allow_tables_to_appear_in_same_query!(services, service_locations, service_categories);
