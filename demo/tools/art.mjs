// art.mjs: the demo's photos as flat SVG illustrations (exterior, interior, floor plan), drawn from a listing.
const PALETTES = {
  sea: { sky: ['#9fd3ea', '#e9f6fb'], ground: '#a6d39a', far: '#5aa9c9', wall: '#f6f1e7', roof: '#d2643f', trim: '#12394f', accent: '#f2c14e' },
  leaf: { sky: ['#bfe3c9', '#f3fbf1'], ground: '#8cc084', far: '#6fa86a', wall: '#fff4df', roof: '#3f5f4a', trim: '#8a3b2b', accent: '#e9a23b' },
  dusk: { sky: ['#f4b393', '#fde8d7'], ground: '#9bb7a5', far: '#7d6b91', wall: '#ece6f3', roof: '#4b3f63', trim: '#2c2541', accent: '#ffd27a' },
  sun: { sky: ['#ffd98a', '#fff6dc'], ground: '#9ccf7c', far: '#c9a66b', wall: '#fbfaf7', roof: '#34495e', trim: '#1f2d3a', accent: '#e76f51' },
  brick: { sky: ['#c3cfdc', '#eef2f6'], ground: '#a9b8a0', far: '#8796a8', wall: '#b5523b', roof: '#5b3a2e', trim: '#2b2b2b', accent: '#f2c14e' },
};

const svg = (w, h, body, title) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${title}">\n` +
  `<title>${title}</title>\n${body}\n</svg>\n`;

function sky(p, w, h, id) {
  return `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.sky[0]}"/>` +
    `<stop offset="1" stop-color="${p.sky[1]}"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#${id})"/>` +
    `<circle cx="${w * 0.82}" cy="${h * 0.2}" r="34" fill="#fff" opacity=".55"/>` +
    `<g fill="#fff" opacity=".8"><ellipse cx="${w * 0.2}" cy="${h * 0.16}" rx="60" ry="16"/><ellipse cx="${w * 0.26}" cy="${h * 0.13}" rx="40" ry="18"/>` +
    `<ellipse cx="${w * 0.6}" cy="${h * 0.24}" rx="50" ry="12"/></g>`;
}

const tree = (x, y, s, p) =>
  `<rect x="${x - 5 * s}" y="${y - 30 * s}" width="${10 * s}" height="${34 * s}" rx="3" fill="#7a5a3c"/>` +
  `<circle cx="${x}" cy="${y - 58 * s}" r="${34 * s}" fill="${p.far}"/><circle cx="${x - 18 * s}" cy="${y - 40 * s}" r="${24 * s}" fill="${p.ground}" opacity=".9"/>` +
  `<circle cx="${x + 16 * s}" cy="${y - 44 * s}" r="${22 * s}" fill="${p.far}" opacity=".85"/>`;

function window2(x, y, w, h, p) {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="${p.trim}"/>` +
    `<rect x="${x + 4}" y="${y + 4}" width="${w - 8}" height="${h - 8}" fill="#cfe8f3"/>` +
    `<path d="M${x + w / 2} ${y + 4}V${y + h - 4}M${x + 4} ${y + h / 2}H${x + w - 4}" stroke="${p.trim}" stroke-width="3"/>` +
    `<path d="M${x + 8} ${y + h - 10}L${x + w / 2 - 6} ${y + 10}" stroke="#fff" stroke-width="4" opacity=".5"/>`;
}

function house(p, n, x = 250, base = 420, wid = 300) {
  const top = base - 170;
  const wins = [0, 1].map((i) => window2(x + 28 + i * (wid - 112), top + 40, 56, 48, p)).join('') +
    (n % 2 ? window2(x + wid - 84, top + 110, 56, 48, p) : '');
  return `<rect x="${x + wid * 0.68}" y="${top - 80}" width="26" height="60" fill="${p.trim}" opacity=".85"/>` +
    `<polygon points="${x - 24},${top + 4} ${x + wid / 2},${top - 96} ${x + wid + 24},${top + 4}" fill="${p.roof}"/>` +
    `<rect x="${x}" y="${top}" width="${wid}" height="170" fill="${p.wall}"/>` +
    `<rect x="${x}" y="${top}" width="${wid}" height="10" fill="#000" opacity=".08"/>` + wins +
    `<circle cx="${x + wid / 2}" cy="${top - 40}" r="16" fill="#cfe8f3" stroke="${p.trim}" stroke-width="5"/>` +
    `<rect x="${x + wid / 2 - 26}" y="${base - 92}" width="52" height="92" rx="4" fill="${p.trim}"/>` +
    `<circle cx="${x + wid / 2 + 14}" cy="${base - 44}" r="4" fill="${p.accent}"/>` +
    `<polygon points="${x + wid / 2 - 26},${base} ${x + wid / 2 + 26},${base} ${x + wid / 2 + 60},${base + 100} ${x + wid / 2 - 60},${base + 100}" fill="#e8dcc6"/>`;
}

function block(p, n) {
  const floors = 5 + (n % 3), x = 270, w = 260, fh = 46, top = 420 - floors * fh;
  let wins = '';
  for (let f = 0; f < floors; f++)
    for (let c = 0; c < 4; c++)
      wins += `<rect x="${x + 20 + c * 60}" y="${top + 12 + f * fh}" width="40" height="26" rx="2" fill="${(f + c + n) % 5 ? '#cfe8f3' : p.accent}"/>`;
  const balconies = Array.from({ length: floors }, (_, f) =>
    `<rect x="${x + 8}" y="${top + 38 + f * fh}" width="${w - 16}" height="4" fill="${p.trim}" opacity=".6"/>`).join('');
  return `<rect x="${x - 170}" y="${top + 80}" width="140" height="${420 - top - 80}" fill="${p.far}" opacity=".55"/>` +
    `<rect x="${x + w + 30}" y="${top + 40}" width="120" height="${420 - top - 40}" fill="${p.far}" opacity=".45"/>` +
    `<rect x="${x - 10}" y="${top - 16}" width="${w + 20}" height="16" fill="${p.roof}"/>` +
    `<rect x="${x}" y="${top}" width="${w}" height="${420 - top}" fill="${p.wall}"/>` + wins + balconies +
    `<rect x="${x + w / 2 - 30}" y="352" width="60" height="68" fill="${p.trim}"/><rect x="${x + w / 2 - 2}" y="352" width="4" height="68" fill="#cfe8f3"/>`;
}

function row(p, n) {
  const colors = [p.accent, p.wall, '#cfe3ea'];
  return [0, 1, 2].map((i) => {
    const x = 130 + i * 180, top = 250, c = i === 1 ? p.wall : colors[(i + n) % 3];
    return `<polygon points="${x - 6},${top} ${x + 90},${top - 70} ${x + 186},${top}" fill="${p.roof}"/>` +
      `<rect x="${x}" y="${top}" width="180" height="170" fill="${c}" stroke="${p.trim}" stroke-opacity=".15"/>` +
      window2(x + 24, top + 28, 50, 44, p) + window2(x + 106, top + 28, 50, 44, p) +
      `<rect x="${x + 64}" y="${top + 86}" width="50" height="84" rx="24" fill="${p.trim}"/>`;
  }).join('');
}

export function exterior(l, n) {
  const p = PALETTES[l.palette];
  const building = l.type === 'apartment' ? block(p, n) : l.type === 'townhouse' ? row(p, n) : house(p, n, 230 + (n % 3) * 20, 420, 280 + (n % 2) * 40);
  const water = l.palette === 'sea' ? `<rect y="330" width="800" height="40" fill="${p.far}" opacity=".7"/>` : '';
  return svg(800, 520, sky(p, 800, 520, 's' + n) + water +
    `<path d="M0 350 Q200 300 400 340 T800 330 V520 H0Z" fill="${p.far}" opacity=".35"/>` +
    `<rect y="420" width="800" height="100" fill="${p.ground}"/>` + building +
    tree(120 + (n % 2) * 20, 430, 1.1, p) + tree(690, 436, 0.9 + (n % 3) * 0.1, p) +
    `<g fill="${p.ground}" opacity=".9"><ellipse cx="230" cy="424" rx="40" ry="16"/><ellipse cx="560" cy="424" rx="46" ry="18"/></g>`,
    'Front of ' + l.street);
}

export function interior(l, n) {
  const p = PALETTES[l.palette];
  return svg(800, 520, `<rect width="800" height="520" fill="${p.sky[1]}"/><rect y="380" width="800" height="140" fill="#d9c3a0"/>` +
    `<path d="M0 380H800" stroke="#b89d77" stroke-width="4"/>` +
    `<rect x="420" y="70" width="300" height="230" rx="6" fill="${p.trim}"/><rect x="432" y="82" width="276" height="206" fill="${p.sky[0]}"/>` +
    `<rect x="432" y="220" width="276" height="68" fill="${p.ground}"/><path d="M570 82V288M432 185H708" stroke="${p.trim}" stroke-width="6"/>` +
    `<rect x="90" y="300" width="300" height="70" rx="18" fill="${p.roof}"/><rect x="70" y="270" width="50" height="100" rx="14" fill="${p.roof}"/>` +
    `<rect x="360" y="270" width="50" height="100" rx="14" fill="${p.roof}"/><rect x="120" y="250" width="240" height="60" rx="16" fill="${p.roof}" opacity=".85"/>` +
    `<rect x="150" y="262" width="60" height="40" rx="10" fill="${p.accent}"/><rect x="100" y="370" width="10" height="20" fill="#5b4636"/><rect x="370" y="370" width="10" height="20" fill="#5b4636"/>` +
    `<ellipse cx="260" cy="440" rx="170" ry="34" fill="${p.accent}" opacity=".35"/>` +
    `<path d="M640 380V330" stroke="#5b4636" stroke-width="6"/><circle cx="640" cy="310" r="${26 + (n % 3) * 4}" fill="${p.far}"/>` +
    `<path d="M110 80V230M80 230H140" stroke="${p.trim}" stroke-width="5"/><polygon points="80,80 140,80 130,40 90,40" fill="${p.accent}"/>`,
    'Living room at ' + l.street);
}

export function floorPlan(l) {
  const rooms = [['Living', 40, 40, 360, 240], ['Kitchen', 400, 40, 360, 160], ['Dining', 400, 200, 360, 80]];
  const beds = Array.from({ length: Math.min(l.beds, 4) }, (_, i) => ['Bedroom ' + (i + 1), 40 + i * (720 / Math.min(l.beds, 4)), 280, 720 / Math.min(l.beds, 4), 200]);
  const all = rooms.concat(beds).map(([name, x, y, w, h]) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#fff" stroke="#1d2a33" stroke-width="6"/>` +
    `<text x="${x + w / 2}" y="${y + h / 2}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" fill="#1d2a33">${name}</text>`).join('');
  return svg(800, 520, `<rect width="800" height="520" fill="#f3f1ec"/>${all}` +
    `<text x="760" y="508" text-anchor="end" font-family="system-ui, sans-serif" font-size="16" fill="#6b7780">${l.sqft.toLocaleString('en-US')} sq ft · not to scale</text>`,
    'Floor plan of ' + l.street);
}

export function hero() {
  const p = PALETTES.sea;
  return svg(1600, 640, sky(p, 1600, 640, 'h') + `<rect y="380" width="1600" height="70" fill="${p.far}" opacity=".75"/>` +
    `<g fill="#fff" opacity=".7"><path d="M380 378l40-60v60z"/><path d="M440 378l30-44v44z"/></g>` +
    `<rect x="1500" y="170" width="34" height="220" fill="#fff"/><rect x="1500" y="170" width="34" height="30" fill="${p.roof}"/><rect x="1500" y="260" width="34" height="30" fill="${p.roof}"/>` +
    `<polygon points="1492,170 1517,140 1542,170" fill="${p.trim}"/>` +
    `<path d="M0 450 Q400 400 800 440 T1600 430 V640 H0Z" fill="${p.ground}"/>` +
    `<g transform="translate(620 40) scale(.9)">${row(p, 0)}</g><g transform="translate(1060 80) scale(.75)">${house(p, 1)}</g>` +
    tree(700, 560, 1.2, p) + tree(1540, 570, 1.1, p), 'Seabrook harbour');
}
