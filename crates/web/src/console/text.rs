//! Every word of the staff console, in one place so that a translation can follow: templates
//! and handlers read them from [`EN`] and never spell out their own.

/// The console's words.
#[derive(Debug)]
pub struct Words {
    /// The console's name, in every title.
    pub console: &'static str,
    /// Skip link.
    pub skip: &'static str,
    /// Navigation: home.
    pub nav_home: &'static str,
    /// Navigation: meetings.
    pub nav_meetings: &'static str,
    /// Navigation: reports.
    pub nav_reports: &'static str,
    /// Navigation: users.
    pub nav_users: &'static str,
    /// Navigation: own password.
    pub nav_password: &'static str,
    /// The sign-out button.
    pub sign_out: &'static str,
    /// Signed in as …
    pub signed_in_as: &'static str,
    /// Sign-in heading and button.
    pub sign_in: &'static str,
    /// Email label.
    pub email: &'static str,
    /// Password label.
    pub password: &'static str,
    /// Refused sign-in.
    pub sign_in_refused: &'static str,
    /// Locked sign-in.
    pub sign_in_locked: &'static str,
    /// How to get an account.
    pub sign_in_help: &'static str,
    /// Error summary heading.
    pub problems: &'static str,
    /// Forbidden page heading.
    pub forbidden: &'static str,
    /// A form without a valid token.
    pub stale_form: &'static str,
    /// Not found heading.
    pub not_found: &'static str,
    /// Not found text.
    pub not_found_text: &'static str,
    /// Home heading.
    pub home: &'static str,
    /// Work-count labels.
    pub count_reports: &'static str,
    /// Not verified lately.
    pub count_stale: &'static str,
    /// Flagged imports.
    pub count_flagged: &'static str,
    /// Failed sources.
    pub count_failed_sources: &'static str,
    /// Probable duplicates.
    pub count_duplicates: &'static str,
    /// Recent changes heading.
    pub recent_changes: &'static str,
    /// Column: when.
    pub col_when: &'static str,
    /// Column: who.
    pub col_who: &'static str,
    /// Column: what.
    pub col_what: &'static str,
    /// Nothing to list.
    pub nothing: &'static str,
    /// Meetings heading.
    pub meetings: &'static str,
    /// New meeting button and heading.
    pub new_meeting: &'static str,
    /// Search label.
    pub search: &'static str,
    /// Filter button.
    pub apply_filters: &'static str,
    /// Any (filter choice).
    pub any: &'static str,
    /// Program label.
    pub program: &'static str,
    /// Region label.
    pub region: &'static str,
    /// Day label.
    pub day: &'static str,
    /// Status label.
    pub status: &'static str,
    /// Attendance label.
    pub attendance: &'static str,
    /// Verified before label.
    pub verified_before: &'static str,
    /// Sort label.
    pub sort: &'static str,
    /// Sort choices.
    pub sort_name: &'static str,
    /// Sort by day and time.
    pub sort_day: &'static str,
    /// Sort by last change.
    pub sort_updated: &'static str,
    /// Sort by last verified.
    pub sort_verified: &'static str,
    /// Column: name.
    pub col_name: &'static str,
    /// Column: when it meets.
    pub col_meets: &'static str,
    /// Column: last verified.
    pub col_verified: &'static str,
    /// Never verified.
    pub never: &'static str,
    /// Paging.
    pub previous: &'static str,
    /// Paging.
    pub next: &'static str,
    /// "{n} meetings".
    pub meetings_found: &'static str,
    /// Weekday names, Sunday first.
    pub weekdays: [&'static str; 7],
    /// Status names.
    pub status_draft: &'static str,
    /// Published.
    pub status_published: &'static str,
    /// Archived.
    pub status_archived: &'static str,
    /// Attendance: in person.
    pub in_person: &'static str,
    /// Attendance: online.
    pub online: &'static str,
    /// Attendance: hybrid.
    pub hybrid: &'static str,
    /// Attendance: none known.
    pub inactive: &'static str,
    /// Form sections and fields.
    pub basics: &'static str,
    /// Name.
    pub name: &'static str,
    /// Slug.
    pub slug: &'static str,
    /// Slug hint.
    pub slug_hint: &'static str,
    /// When section.
    pub when: &'static str,
    /// Start time.
    pub time: &'static str,
    /// End time.
    pub end_time: &'static str,
    /// Time hint.
    pub time_hint: &'static str,
    /// Time zone.
    pub timezone: &'static str,
    /// Time zone hint (default follows).
    pub timezone_hint: &'static str,
    /// Types section.
    pub types: &'static str,
    /// Types hint.
    pub types_hint: &'static str,
    /// Location section.
    pub location: &'static str,
    /// Venue name.
    pub venue: &'static str,
    /// Street address.
    pub address: &'static str,
    /// City.
    pub city: &'static str,
    /// State.
    pub state: &'static str,
    /// Postal code.
    pub postal_code: &'static str,
    /// Country.
    pub country: &'static str,
    /// Formatted address.
    pub formatted_address: &'static str,
    /// Formatted address hint.
    pub formatted_address_hint: &'static str,
    /// Latitude.
    pub latitude: &'static str,
    /// Longitude.
    pub longitude: &'static str,
    /// Approximate.
    pub approximate: &'static str,
    /// Location notes.
    pub location_notes: &'static str,
    /// Regions.
    pub regions: &'static str,
    /// Regions hint.
    pub regions_hint: &'static str,
    /// Online section.
    pub online_section: &'static str,
    /// Conference URL.
    pub conference_url: &'static str,
    /// Conference URL notes.
    pub conference_url_notes: &'static str,
    /// Conference phone.
    pub conference_phone: &'static str,
    /// Conference phone notes.
    pub conference_phone_notes: &'static str,
    /// Temporarily closed.
    pub temporarily_closed: &'static str,
    /// Group section.
    pub group: &'static str,
    /// Group name.
    pub group_name: &'static str,
    /// Group notes.
    pub group_notes: &'static str,
    /// Website.
    pub website: &'static str,
    /// Phone.
    pub phone: &'static str,
    /// Venmo.
    pub venmo: &'static str,
    /// PayPal.
    pub paypal: &'static str,
    /// Square.
    pub square: &'static str,
    /// Contacts section.
    pub contacts: &'static str,
    /// Contacts hint.
    pub contacts_hint: &'static str,
    /// Contact heading.
    pub contact: &'static str,
    /// Public switch.
    pub public: &'static str,
    /// Notes.
    pub notes: &'static str,
    /// Save button.
    pub save: &'static str,
    /// Saved notice.
    pub saved: &'static str,
    /// Created notice.
    pub created: &'static str,
    /// Not a number.
    pub not_a_number: &'static str,
    /// The side-by-side heading of a refused edit.
    pub conflict_title: &'static str,
    /// Column: saved now.
    pub col_saved: &'static str,
    /// Column: yours.
    pub col_yours: &'static str,
    /// Column: field.
    pub col_field: &'static str,
    /// What to do after a conflict.
    pub conflict_help: &'static str,
    /// Actions.
    pub history: &'static str,
    /// Verify.
    pub verify: &'static str,
    /// Verified notice.
    pub verified: &'static str,
    /// Archive.
    pub archive: &'static str,
    /// Archived notice.
    pub archived_notice: &'static str,
    /// Restore.
    pub restore: &'static str,
    /// Restored notice.
    pub restored: &'static str,
    /// Public page link.
    pub public_page: &'static str,
    /// Preview link.
    pub preview: &'static str,
    /// Last verified.
    pub last_verified: &'static str,
    /// Last changed.
    pub last_changed: &'static str,
    /// History heading.
    pub history_of: &'static str,
    /// Column: before.
    pub col_before: &'static str,
    /// Column: after.
    pub col_after: &'static str,
    /// Back to the meeting.
    pub back_to_meeting: &'static str,
    /// Reports heading.
    pub reports: &'static str,
    /// Report shown: reason.
    pub reason: &'static str,
    /// Message.
    pub message: &'static str,
    /// Reporter's email.
    pub reporter_email: &'static str,
    /// Received.
    pub received: &'static str,
    /// About listing.
    pub about: &'static str,
    /// Resolve.
    pub resolve: &'static str,
    /// Dismiss.
    pub dismiss: &'static str,
    /// Note.
    pub note: &'static str,
    /// Fixing change.
    pub fixing_change: &'static str,
    /// Fixing change hint.
    pub fixing_change_hint: &'static str,
    /// Report closed notice.
    pub report_closed: &'static str,
    /// Open, closed filter.
    pub open_reports: &'static str,
    /// Closed reports.
    pub closed_reports: &'static str,
    /// A listing that is not a meeting.
    pub a_service: &'static str,
    /// Users heading.
    pub users: &'static str,
    /// Role.
    pub role: &'static str,
    /// Roles.
    pub role_viewer: &'static str,
    /// Editor.
    pub role_editor: &'static str,
    /// Admin.
    pub role_admin: &'static str,
    /// Active.
    pub active: &'static str,
    /// Deactivated.
    pub deactivated: &'static str,
    /// Scope.
    pub scope: &'static str,
    /// Unscoped.
    pub everything: &'static str,
    /// Invite heading and button.
    pub invite: &'static str,
    /// Scope regions field.
    pub scope_regions: &'static str,
    /// Scope regions hint.
    pub scope_regions_hint: &'static str,
    /// Scope programs field.
    pub scope_programs: &'static str,
    /// Reset link button.
    pub reset_link: &'static str,
    /// Open links heading.
    pub open_links: &'static str,
    /// Link kinds.
    pub link_invitation: &'static str,
    /// Reset.
    pub link_reset: &'static str,
    /// Expires.
    pub expires: &'static str,
    /// Revoke.
    pub revoke: &'static str,
    /// Revoked notice.
    pub revoked: &'static str,
    /// The link to pass on.
    pub link_issued: &'static str,
    /// How to pass it on.
    pub link_issued_help: &'static str,
    /// Choose a password.
    pub choose_password: &'static str,
    /// Link page text.
    pub choose_password_text: &'static str,
    /// Link refused.
    pub link_unusable: &'static str,
    /// Link expired.
    pub link_expired: &'static str,
    /// Change password.
    pub change_password: &'static str,
    /// Current password.
    pub current_password: &'static str,
    /// New password.
    pub new_password: &'static str,
    /// New password hint.
    pub new_password_hint: &'static str,
    /// Wrong current password.
    pub wrong_password: &'static str,
    /// Changed notice.
    pub password_changed: &'static str,
    /// Preview banner.
    pub preview_banner: &'static str,
    /// Admin-only page.
    pub admins_only: &'static str,
    /// A meeting outside the user's scope (their scope follows).
    pub outside_scope: &'static str,
}

/// English.
pub static EN: Words = Words {
    console: "Staff console",
    skip: "Skip to the content",
    nav_home: "Home",
    nav_meetings: "Meetings",
    nav_reports: "Problem reports",
    nav_users: "Users",
    nav_password: "My password",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    sign_in: "Sign in",
    email: "Email",
    password: "Password",
    sign_in_refused: "The email or password is wrong, or the account is not active.",
    sign_in_locked: "Too many failed sign-ins. Wait a few minutes and try again.",
    sign_in_help: "Accounts are made by an admin of this directory, who sends you a link to choose your password.",
    problems: "There is a problem",
    forbidden: "Not allowed",
    stale_form: "This form has expired or did not come from this site. Go back, reload the page and try again.",
    not_found: "Not found",
    not_found_text: "There is nothing at this address, or you may not see it.",
    home: "Home",
    count_reports: "open problem reports",
    count_stale: "meetings not verified for 90 days",
    count_flagged: "imported listings flagged for review",
    count_failed_sources: "sources whose last run failed",
    count_duplicates: "probable duplicate pairs",
    recent_changes: "Recent changes",
    col_when: "When",
    col_who: "Who",
    col_what: "What",
    nothing: "Nothing here.",
    meetings: "Meetings",
    new_meeting: "New meeting",
    search: "Name, slug or address",
    apply_filters: "Show meetings",
    any: "Any",
    program: "Program",
    region: "Region",
    day: "Day",
    status: "Status",
    attendance: "Attendance",
    verified_before: "Last verified before",
    sort: "Sort by",
    sort_name: "Name",
    sort_day: "Day and time",
    sort_updated: "Last changed",
    sort_verified: "Last verified (oldest first)",
    col_name: "Name",
    col_meets: "Meets",
    col_verified: "Last verified",
    never: "never",
    previous: "Previous page",
    next: "Next page",
    meetings_found: "meetings",
    weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    status_draft: "Draft",
    status_published: "Published",
    status_archived: "Archived",
    in_person: "In person",
    online: "Online",
    hybrid: "Hybrid",
    inactive: "No way to attend given",
    basics: "The meeting",
    name: "Name",
    slug: "Address on this site (slug)",
    slug_hint: "Leave blank to make one from the name.",
    when: "When",
    time: "Starts",
    end_time: "Ends",
    time_hint: "24-hour, like 19:30, in the meeting's time zone.",
    timezone: "Time zone",
    timezone_hint: "Leave blank for the time zone of the meeting's region, or else the directory's:",
    types: "Types",
    types_hint: "The types of this meeting's program. Save after changing the program to see its types.",
    location: "Where it meets in person",
    venue: "Venue name",
    address: "Street address",
    city: "City",
    state: "State or province",
    postal_code: "Postal code",
    country: "Country",
    formatted_address: "Full address on one line",
    formatted_address_hint: "Leave blank to make it from the parts above.",
    latitude: "Latitude",
    longitude: "Longitude",
    approximate: "The address is only approximate (a town or area)",
    location_notes: "Directions at the venue",
    regions: "Regions",
    regions_hint: "One per line, widest first (for example a county, then a town).",
    online_section: "How to join online",
    conference_url: "Meeting link",
    conference_url_notes: "Notes for the link (meeting ID, passcode)",
    conference_phone: "Dial-in number",
    conference_phone_notes: "Notes for the dial-in",
    temporarily_closed: "The venue is temporarily closed",
    group: "Group",
    group_name: "Group name",
    group_notes: "Notes about the group",
    website: "Website",
    phone: "Phone",
    venmo: "Venmo",
    paypal: "PayPal",
    square: "Square cash tag",
    contacts: "Contacts",
    contacts_hint: "Contacts are private: only staff see them, unless you tick “show to the public”.",
    contact: "Contact",
    public: "Show to the public",
    notes: "Notes for attendees",
    save: "Save",
    saved: "Saved.",
    created: "Meeting created.",
    not_a_number: "must be a number",
    conflict_title: "Someone else saved this meeting first",
    col_saved: "Saved now",
    col_yours: "Yours (not saved)",
    col_field: "Field",
    conflict_help: "Your changes are still in the form below. Check them against the saved version, then save again to replace it, or reload the meeting to start from the saved version.",
    history: "History",
    verify: "Still correct (verify)",
    verified: "Marked as verified today.",
    archive: "Archive",
    archived_notice: "Archived: it no longer appears to the public.",
    restore: "Restore (publish again)",
    restored: "Restored and published.",
    public_page: "View the public page",
    preview: "Preview as residents will see it",
    last_verified: "Last verified",
    last_changed: "Last changed",
    history_of: "History of",
    col_before: "Before",
    col_after: "After",
    back_to_meeting: "Back to the meeting",
    reports: "Problem reports",
    reason: "Reason",
    message: "Message",
    reporter_email: "Reporter's email (staff only)",
    received: "Received",
    about: "About",
    resolve: "Resolve",
    dismiss: "Dismiss",
    note: "Note",
    fixing_change: "Change that fixed it (number, optional)",
    fixing_change_hint: "The number of the change in the meeting's history.",
    report_closed: "Report closed.",
    open_reports: "Open",
    closed_reports: "Closed",
    a_service: "an agency service",
    users: "Users",
    role: "Role",
    role_viewer: "Viewer (reads everything, changes nothing)",
    role_editor: "Editor (changes listings, within a scope if given)",
    role_admin: "Admin (everything, including users)",
    active: "active",
    deactivated: "deactivated",
    scope: "Scope",
    everything: "everything",
    invite: "Invite someone",
    scope_regions: "Limit to regions",
    scope_regions_hint: "Editors only. One region per line; leave blank for every region.",
    scope_programs: "Limit to programs",
    reset_link: "Make a password-reset link",
    open_links: "Links not used yet",
    link_invitation: "invitation",
    link_reset: "password reset",
    expires: "Expires",
    revoke: "Revoke",
    revoked: "Link revoked.",
    link_issued: "Pass this link on",
    link_issued_help: "It works once, for 72 hours. It is shown only now: copy it and give it to the person (in person, by phone or by email).",
    choose_password: "Choose your password",
    choose_password_text: "Choose a password for your account. You will be signed in afterwards.",
    link_unusable: "This link does not work. It may have been used already or revoked; ask an admin for a new one.",
    link_expired: "This link has expired; ask an admin for a new one.",
    change_password: "Change my password",
    current_password: "Current password",
    new_password: "New password",
    new_password_hint: "At least 10 characters.",
    wrong_password: "The current password is wrong.",
    password_changed: "Password changed. Your other sessions have been signed out.",
    preview_banner: "Preview: this is how residents will see this meeting once it is published.",
    admins_only: "Only admins may see this page.",
    outside_scope: "This meeting is outside your scope:",
};
