//! The pages' words in English and Spanish, from one table, and how a request picks its
//! language: `?lang=` first, else `Accept-Language`, else English. Meeting type names come
//! from the vocabularies' own translations; category names from [`category_name`].

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// The ISO 639-1 code (`lang` attribute, `?lang=`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }

    /// Reads a language code ("es", "es-MX", "EN").
    pub fn parse(raw: &str) -> Option<Lang> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The language of a request: `?lang=`, else the best of `Accept-Language`, else English.
    pub fn of(req: &HttpRequest, query_lang: Option<&str>) -> Lang {
        if let Some(lang) = query_lang.and_then(Lang::parse) {
            return lang;
        }
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(from_accept_language)
            .unwrap_or_default()
    }

    /// The words of this language.
    pub fn t(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }
}

/// The most preferred language of an `Accept-Language` value we have (by `q`, then order).
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranked: Vec<(u16, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let lang = Lang::parse(pieces.next()?)?;
            let q =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some(((q.clamp(0.0, 1.0) * 1000.0) as u16, i, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}

/// Every word the pages use, in one language.
#[derive(Debug)]
pub struct Strings {
    /// The language's own name (the switch's text).
    pub language_name: &'static str,
    /// The search page's title.
    pub title: &'static str,
    /// Before the crisis line.
    pub crisis: &'static str,
    /// Before the directory's help contact.
    pub help_contact: &'static str,
    /// The "use my location" button.
    pub use_location: &'static str,
    /// Said while the browser looks up the location.
    pub locating: &'static str,
    /// Said when the location is refused or unavailable.
    pub location_denied: &'static str,
    /// The place select's label.
    pub place: &'static str,
    /// The place select's empty choice.
    pub place_none: &'static str,
    /// The radius select's label.
    pub radius: &'static str,
    /// The day select's label.
    pub when: &'static str,
    /// Any day.
    pub when_any: &'static str,
    /// Now and the next 2 hours.
    pub when_soon: &'static str,
    /// Today.
    pub when_today: &'static str,
    /// The time-of-day select's label.
    pub time: &'static str,
    /// Any time.
    pub time_any: &'static str,
    /// 05–12.
    pub time_morning: &'static str,
    /// 12–17.
    pub time_afternoon: &'static str,
    /// 17–21.
    pub time_evening: &'static str,
    /// 21–05.
    pub time_night: &'static str,
    /// The kind select's label.
    pub show: &'static str,
    /// Both kinds.
    pub show_all: &'static str,
    /// Meetings only.
    pub show_meetings: &'static str,
    /// Services only.
    pub show_services: &'static str,
    /// The attendance select's label.
    pub attendance: &'static str,
    /// Any attendance.
    pub attendance_any: &'static str,
    /// In person.
    pub in_person: &'static str,
    /// Online.
    pub online: &'static str,
    /// Hybrid.
    pub hybrid: &'static str,
    /// Temporarily closed.
    pub inactive: &'static str,
    /// The type checkboxes' legend.
    pub types: &'static str,
    /// The category select's label.
    pub category: &'static str,
    /// Any category.
    pub category_any: &'static str,
    /// The submit button.
    pub search: &'static str,
    /// The results heading.
    pub results: &'static str,
    /// Before the results: how they are ordered.
    pub nearest_first: &'static str,
    /// Shown before a location is given.
    pub no_location: &'static str,
    /// Shown when nothing matches.
    pub no_results: &'static str,
    /// The next-page link.
    pub more_results: &'static str,
    /// A meeting.
    pub meeting: &'static str,
    /// A service.
    pub service: &'static str,
    /// Before a meeting's next start.
    pub next_start: &'static str,
    /// A service open now.
    pub open_now: &'static str,
    /// Before when a service opens next.
    pub opens: &'static str,
    /// Before when it closes.
    pub until: &'static str,
    /// Hours not listed.
    pub hours_unknown: &'static str,
    /// The directions link.
    pub directions: &'static str,
    /// The online join link.
    pub join: &'static str,
    /// The dial-in link.
    pub join_phone: &'static str,
    /// Heading: when.
    pub h_when: &'static str,
    /// Heading: where.
    pub h_where: &'static str,
    /// Heading: about.
    pub h_about: &'static str,
    /// Heading: how to reach.
    pub h_contact: &'static str,
    /// Label: program.
    pub program: &'static str,
    /// Label: notes.
    pub notes: &'static str,
    /// Label: phone.
    pub phone: &'static str,
    /// Label: email.
    pub email: &'static str,
    /// Label: website.
    pub website: &'static str,
    /// Label: hours.
    pub hours: &'static str,
    /// Label: languages.
    pub languages: &'static str,
    /// Label: who is eligible.
    pub eligibility: &'static str,
    /// Label: ages.
    pub ages: &'static str,
    /// Label: cost.
    pub fees: &'static str,
    /// Label: how to apply.
    pub apply: &'static str,
    /// Label: provider.
    pub provided_by: &'static str,
    /// Label: categories.
    pub categories: &'static str,
    /// Label: last verified.
    pub verified: &'static str,
    /// Label: accessibility.
    pub accessibility: &'static str,
    /// The calendar link.
    pub add_to_calendar: &'static str,
    /// Back to the search.
    pub back: &'static str,
    /// The report form's heading.
    pub report: &'static str,
    /// What is wrong?
    pub reason: &'static str,
    /// The day or time is wrong.
    pub reason_wrong_time: &'static str,
    /// The address is wrong.
    pub reason_wrong_address: &'static str,
    /// It closed.
    pub reason_closed: &'static str,
    /// The online link does not work.
    pub reason_online_link_broken: &'static str,
    /// Something else.
    pub reason_other: &'static str,
    /// The message's label.
    pub message: &'static str,
    /// The email's label.
    pub contact_email: &'static str,
    /// The report's submit button.
    pub send_report: &'static str,
    /// Above the form's errors.
    pub fix_these: &'static str,
    /// The listing cannot be reported.
    pub err_listing: &'static str,
    /// Choose a reason.
    pub err_reason: &'static str,
    /// The message is missing or too long.
    pub err_message: &'static str,
    /// The email does not look right.
    pub err_email: &'static str,
    /// Too many reports.
    pub err_too_many: &'static str,
    /// The title of the "too many requests" page.
    pub too_many_title: &'static str,
    /// The report could not be saved.
    pub err_unavailable: &'static str,
    /// The thank-you page's title.
    pub thanks: &'static str,
    /// The thank-you page's text.
    pub thanks_text: &'static str,
    /// The not-found page's title.
    pub not_found: &'static str,
    /// The not-found page's text.
    pub not_found_text: &'static str,
    /// The bad-request page's title.
    pub bad_request: &'static str,
    /// A search parameter could not be read.
    pub bad_search: &'static str,
    /// Weekday names, Sunday first.
    pub weekdays: [&'static str; 7],
    /// Short weekday names, Sunday first.
    pub weekdays_short: [&'static str; 7],
    /// Short month names, January first.
    pub months_short: [&'static str; 12],
}

/// English.
pub static EN: Strings = Strings {
    language_name: "English",
    title: "Find a meeting or help near you",
    crisis: "In crisis? Call or text",
    help_contact: "Questions about this directory:",
    use_location: "Use my location",
    locating: "Finding your location…",
    location_denied: "Your location is not available. Choose a place instead.",
    place: "Or choose a place",
    place_none: "Choose a place…",
    radius: "Distance",
    when: "Day",
    when_any: "Any day",
    when_soon: "Now and the next 2 hours",
    when_today: "Today",
    time: "Time of day",
    time_any: "Any time",
    time_morning: "Morning (5–12)",
    time_afternoon: "Afternoon (12–17)",
    time_evening: "Evening (17–21)",
    time_night: "Night (21–5)",
    show: "Show",
    show_all: "Meetings and services",
    show_meetings: "Meetings only",
    show_services: "Services only",
    attendance: "How to attend",
    attendance_any: "Any way",
    in_person: "In person",
    online: "Online",
    hybrid: "Hybrid",
    inactive: "Temporarily closed",
    types: "Meeting types",
    category: "Service category",
    category_any: "All categories",
    search: "Search",
    results: "Results",
    nearest_first: "Nearest first.",
    no_location: "Use your location or choose a place to see meetings and services nearby.",
    no_results: "Nothing found. Try a larger distance, another day, or fewer filters.",
    more_results: "More results",
    meeting: "Meeting",
    service: "Service",
    next_start: "Next:",
    open_now: "Open now",
    opens: "Opens",
    until: "until",
    hours_unknown: "Hours not listed",
    directions: "Directions",
    join: "Join online",
    join_phone: "Join by phone",
    h_when: "When",
    h_where: "Where",
    h_about: "About",
    h_contact: "Contact",
    program: "Program",
    notes: "Notes",
    phone: "Phone",
    email: "Email",
    website: "Website",
    hours: "Hours",
    languages: "Languages",
    eligibility: "Who can come",
    ages: "Ages",
    fees: "Cost",
    apply: "How to apply",
    provided_by: "Provided by",
    categories: "Categories",
    verified: "Last checked",
    accessibility: "Accessibility",
    add_to_calendar: "Add to calendar",
    back: "Back to search",
    report: "Report a problem",
    reason: "What is wrong?",
    reason_wrong_time: "The day or time is wrong",
    reason_wrong_address: "The address is wrong",
    reason_closed: "It no longer meets or has closed",
    reason_online_link_broken: "The online link or phone does not work",
    reason_other: "Something else",
    message: "Tell us more",
    contact_email: "Your email (optional; only staff see it)",
    send_report: "Send report",
    fix_these: "Please check:",
    err_listing: "This listing can no longer be reported.",
    err_reason: "Choose what is wrong.",
    err_message: "Tell us what is wrong (up to 2,000 characters).",
    err_email: "Enter a valid email address, or leave it empty.",
    err_too_many: "Too many requests from here just now. Please try again in a minute.",
    too_many_title: "Please wait a moment",
    err_unavailable: "The report could not be saved just now. Please try again later.",
    thanks: "Thank you",
    thanks_text: "Your report was sent. Staff will check this listing.",
    not_found: "Not found",
    not_found_text: "This listing is not in the directory, or no longer is.",
    bad_request: "That did not work",
    bad_search: "Part of the search could not be read, so it was left out:",
    weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    weekdays_short: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months_short: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/// Spanish.
pub static ES: Strings = Strings {
    language_name: "Español",
    title: "Encuentre una reunión o ayuda cerca de usted",
    crisis: "¿En crisis? Llame o envíe un texto al",
    help_contact: "Preguntas sobre este directorio:",
    use_location: "Usar mi ubicación",
    locating: "Buscando su ubicación…",
    location_denied: "Su ubicación no está disponible. Elija un lugar.",
    place: "O elija un lugar",
    place_none: "Elija un lugar…",
    radius: "Distancia",
    when: "Día",
    when_any: "Cualquier día",
    when_soon: "Ahora y en las próximas 2 horas",
    when_today: "Hoy",
    time: "Hora del día",
    time_any: "Cualquier hora",
    time_morning: "Mañana (5–12)",
    time_afternoon: "Tarde (12–17)",
    time_evening: "Noche (17–21)",
    time_night: "Madrugada (21–5)",
    show: "Mostrar",
    show_all: "Reuniones y servicios",
    show_meetings: "Solo reuniones",
    show_services: "Solo servicios",
    attendance: "Cómo asistir",
    attendance_any: "Cualquier forma",
    in_person: "En persona",
    online: "En línea",
    hybrid: "Híbrida",
    inactive: "Cerrada temporalmente",
    types: "Tipos de reunión",
    category: "Categoría de servicio",
    category_any: "Todas las categorías",
    search: "Buscar",
    results: "Resultados",
    nearest_first: "Los más cercanos primero.",
    no_location: "Use su ubicación o elija un lugar para ver reuniones y servicios cercanos.",
    no_results: "No se encontró nada. Pruebe una distancia mayor, otro día o menos filtros.",
    more_results: "Más resultados",
    meeting: "Reunión",
    service: "Servicio",
    next_start: "Próxima:",
    open_now: "Abierto ahora",
    opens: "Abre",
    until: "hasta",
    hours_unknown: "Horario no indicado",
    directions: "Cómo llegar",
    join: "Unirse en línea",
    join_phone: "Unirse por teléfono",
    h_when: "Cuándo",
    h_where: "Dónde",
    h_about: "Información",
    h_contact: "Contacto",
    program: "Programa",
    notes: "Notas",
    phone: "Teléfono",
    email: "Correo electrónico",
    website: "Sitio web",
    hours: "Horario",
    languages: "Idiomas",
    eligibility: "Quién puede ir",
    ages: "Edades",
    fees: "Costo",
    apply: "Cómo solicitar",
    provided_by: "Ofrecido por",
    categories: "Categorías",
    verified: "Última verificación",
    accessibility: "Accesibilidad",
    add_to_calendar: "Añadir al calendario",
    back: "Volver a la búsqueda",
    report: "Informar de un problema",
    reason: "¿Qué está mal?",
    reason_wrong_time: "El día o la hora están mal",
    reason_wrong_address: "La dirección está mal",
    reason_closed: "Ya no se reúne o cerró",
    reason_online_link_broken: "El enlace o el teléfono en línea no funciona",
    reason_other: "Otra cosa",
    message: "Cuéntenos más",
    contact_email: "Su correo electrónico (opcional; solo lo ve el personal)",
    send_report: "Enviar informe",
    fix_these: "Revise lo siguiente:",
    err_listing: "Este anuncio ya no se puede informar.",
    err_reason: "Elija qué está mal.",
    err_message: "Cuéntenos qué está mal (hasta 2.000 caracteres).",
    err_email: "Escriba un correo electrónico válido o déjelo vacío.",
    err_too_many: "Demasiadas solicitudes desde aquí. Inténtelo de nuevo en un minuto.",
    too_many_title: "Espere un momento",
    err_unavailable: "No se pudo guardar el informe ahora. Inténtelo más tarde.",
    thanks: "Gracias",
    thanks_text: "Su informe fue enviado. El personal revisará este anuncio.",
    not_found: "No encontrado",
    not_found_text: "Este anuncio no está en el directorio, o ya no está.",
    bad_request: "Eso no funcionó",
    bad_search: "Parte de la búsqueda no se pudo leer y se omitió:",
    weekdays: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    weekdays_short: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    months_short: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
};

/// The name of a category of the directory's own taxonomy in `lang` (by its code); `name` (as
/// stored) for other languages and other terms.
pub fn category_name<'a>(lang: Lang, code: &str, name: &'a str) -> &'a str {
    if lang != Lang::Es {
        return name;
    }
    match code {
        "employment" => "Empleo",
        "education" => "Educación",
        "family-counseling" => "Consejería familiar",
        "housing" => "Vivienda",
        "recovery-support" => "Apoyo a la recuperación (grupos de 12 pasos y de pares)",
        "job-training" => "Capacitación y preparación para el trabajo",
        "job-placement" => "Búsqueda y colocación de empleo",
        "supported-employment" => "Empleo con apoyo",
        "ged-adult-education" => "Equivalencia de secundaria y educación de adultos",
        "vocational-education" => "Programas vocacionales y universitarios",
        "family-therapy" => "Terapia familiar",
        "parenting-support" => "Apoyo para padres",
        "family-support-groups" => "Apoyo para familias",
        "emergency-shelter" => "Refugio de emergencia",
        "sober-living" => "Vivienda de transición y sobria",
        "rental-assistance" => "Ayuda con el alquiler",
        "supportive-housing" => "Vivienda permanente con apoyo",
        "peer-recovery-support" => "Acompañamiento de pares en la recuperación",
        "mutual-aid-groups" => "Grupos de 12 pasos y de ayuda mutua",
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_language_we_have() {
        assert_eq!(from_accept_language("es-MX,es;q=0.9,en;q=0.8"), Some(Lang::Es));
        assert_eq!(from_accept_language("fr-FR, en;q=0.5, es;q=0.7"), Some(Lang::Es));
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("es;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn categories_have_spanish_names() {
        assert_eq!(category_name(Lang::Es, "housing", "Housing"), "Vivienda");
        assert_eq!(category_name(Lang::En, "housing", "Housing"), "Housing");
        assert_eq!(category_name(Lang::Es, "local-term", "Local term"), "Local term");
    }
}
