// A small iCalendar (RFC 5545) reader for the tests: enough to check what "add to calendar"
// serves, and strict where calendar apps are strict.

// Splits an .ics text into unfolded content lines; throws unless lines end in CRLF.
export function contentLines(text) {
  const bare = text.replace(/\r\n/g, '').match(/\n/g);
  if (bare) throw new Error(`iCalendar lines must end in CRLF; ${bare.length} end in a bare LF`);
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line.length > 0);
}

// One content line as `{ name, params, value }` (`DTSTART;TZID=America/New_York:20260105T190000`).
export function parseLine(line) {
  const colon = line.indexOf(':');
  if (colon < 0) throw new Error(`not a content line: ${line}`);
  const [name, ...rest] = line.slice(0, colon).split(';');
  const params = Object.fromEntries(rest.map((p) => p.split('=')));
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

// The calendar's components, nested: `{ type, props: [{name, params, value}], children }`.
export function parseCalendar(text) {
  const root = { type: 'ROOT', props: [], children: [] };
  const stack = [root];
  for (const line of contentLines(text)) {
    const prop = parseLine(line);
    const top = stack[stack.length - 1];
    if (prop.name === 'BEGIN') {
      const component = { type: prop.value.toUpperCase(), props: [], children: [] };
      top.children.push(component);
      stack.push(component);
    } else if (prop.name === 'END') {
      if (top.type !== prop.value.toUpperCase()) throw new Error(`END:${prop.value} closes ${top.type}`);
      stack.pop();
    } else {
      top.props.push(prop);
    }
  }
  if (stack.length !== 1) throw new Error(`${stack[stack.length - 1].type} is never closed`);
  if (root.children.length !== 1 || root.children[0].type !== 'VCALENDAR') {
    throw new Error(`expected one VCALENDAR, got ${root.children.map((c) => c.type)}`);
  }
  return root.children[0];
}

// The first property `name` of a component.
export function prop(component, name) {
  return component.props.find((p) => p.name === name);
}

// Every component of `type` under `component`, at any depth.
export function components(component, type) {
  return component.children.flatMap((child) => (child.type === type ? [child] : components(child, type)));
}

// The RRULE's parts: `{ FREQ: 'WEEKLY', BYDAY: 'MO,TU' }`.
export function rrule(event) {
  const rule = prop(event, 'RRULE');
  return rule ? Object.fromEntries(rule.value.split(';').map((part) => part.split('='))) : null;
}

// Day numbers (Sunday = 0) as iCalendar weekdays.
export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

// Checks what every calendar app needs; returns the VEVENTs. Throws with the reason otherwise.
// Meetings are weekly; a service may also have monthly rows (`weeklyOnly: false`).
export function checkCalendar(text, { weeklyOnly = true } = {}) {
  const calendar = parseCalendar(text);
  if (prop(calendar, 'VERSION')?.value !== '2.0') throw new Error('VERSION:2.0 missing');
  if (!prop(calendar, 'PRODID')) throw new Error('PRODID missing');
  const events = components(calendar, 'VEVENT');
  if (events.length === 0) throw new Error('no VEVENT');
  const zones = new Set(components(calendar, 'VTIMEZONE').map((zone) => prop(zone, 'TZID')?.value));
  for (const event of events) {
    for (const name of ['UID', 'DTSTAMP', 'DTSTART', 'SUMMARY']) {
      if (!prop(event, name)) throw new Error(`a VEVENT without ${name}`);
    }
    const start = prop(event, 'DTSTART');
    const zone = start.params.TZID;
    if (!zone) throw new Error(`DTSTART without TZID: ${JSON.stringify(start)}`);
    if (!/^\d{8}T\d{6}$/.test(start.value)) throw new Error(`DTSTART is not a local date-time: ${start.value}`);
    // Either a VTIMEZONE defines the zone, or it is an IANA name every parser knows.
    if (!zones.has(zone) && !isIanaZone(zone)) throw new Error(`TZID ${zone} is neither defined nor an IANA zone`);
    const rule = rrule(event);
    if (!rule) throw new Error('a VEVENT without RRULE');
    if (rule.FREQ !== 'WEEKLY') {
      if (weeklyOnly) throw new Error(`RRULE FREQ is ${rule.FREQ}, expected WEEKLY`);
      continue;
    }
    if (!/^(SU|MO|TU|WE|TH|FR|SA)(,(SU|MO|TU|WE|TH|FR|SA))*$/.test(rule.BYDAY ?? '')) {
      throw new Error(`RRULE BYDAY is not a list of weekdays: ${rule.BYDAY}`);
    }
    const day = weekdayOf(start.value);
    if (!rule.BYDAY.split(',').includes(day)) {
      throw new Error(`DTSTART ${start.value} is a ${day}, not one of BYDAY=${rule.BYDAY}`);
    }
  }
  if (!events.some((event) => rrule(event).FREQ === 'WEEKLY')) throw new Error('no weekly VEVENT');
  return events;
}

// The weekday of a `YYYYMMDDTHHMMSS` local date.
export function weekdayOf(local) {
  const date = new Date(Date.UTC(+local.slice(0, 4), +local.slice(4, 6) - 1, +local.slice(6, 8)));
  return WEEKDAYS[date.getUTCDay()];
}

function isIanaZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
