// Reads the feed named by `?feed=` and lists its meetings; type names come from `types.json`
// (the Meeting Guide type list), served beside this page.
(async () => {
  const params = new URLSearchParams(location.search);
  const status = document.getElementById('status');
  const list = document.getElementById('meetings');
  const [feed, types] = await Promise.all([
    fetch(params.get('feed')).then((r) => r.json()),
    fetch('types.json').then((r) => r.json()),
  ]);
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  // Finders cannot place a meeting without an address, so they leave it out.
  const shown = feed.filter((m) => typeof m.formatted_address === 'string' && m.formatted_address !== '');
  shown.sort((a, b) => a.day - b.day || a.time.localeCompare(b.time) || a.name.localeCompare(b.name));
  for (const m of shown) {
    const item = document.createElement('li');
    item.dataset.slug = m.slug;
    const name = (code) => {
      const entry = types[code];
      if (entry === undefined) return null;
      return typeof entry === 'string' ? entry : entry.en;
    };
    const typeNames = (m.types || []).map(name).filter((n) => n !== null);
    item.innerHTML = '';
    for (const [cls, text] of [
      ['name', m.name], ['when', `${days[m.day]} ${m.time} (${m.timezone})`], ['where', m.formatted_address],
      ['types', typeNames.join(', ')], ['notes', m.notes || ''],
    ]) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      item.append(span, ' · ');
    }
    list.append(item);
  }
  status.textContent = `${shown.length} of ${feed.length} meetings`;
  status.dataset.done = 'true';
})();
