// Who this browser is to collaborators: a name (?name= or remembered) and a colour.
const NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Alan', 'Radia'];
const COLORS = ['#e06c75', '#61afef', '#98c379', '#e5c07b', '#c678dd', '#56b6c2', '#d19a66', '#ff79c6'];

export function localIdentity(): { name: string; color: string } {
  const params = new URLSearchParams(window.location.search);
  let name = params.get('name')?.trim().slice(0, 64) || null;
  if (!name) {
    try {
      name = window.localStorage.getItem('tandem.name');
    } catch {
      name = null;
    }
  }
  if (!name) {
    name = `${NAMES[Math.floor(Math.random() * NAMES.length)]} ${Math.floor(Math.random() * 90 + 10)}`;
    try {
      window.localStorage.setItem('tandem.name', name);
    } catch {
      /* storage disabled: the name lasts for this page only */
    }
  }
  return { name, color: colorFor(name) };
}

export function colorFor(key: string | number): string {
  const s = String(key);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length];
}
