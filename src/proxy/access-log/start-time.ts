/**
 * `%START_TIME(FORMAT)%`: the strftime subset Envoy users write (`%Y-%m-%dT%H:%M:%S`, `%s`,
 * `%z`, Envoy's sub-second `%3f`/`%6f`/`%9f`/`%f` and `%E3S`/`%E6S`/`%E9S`), always in UTC.
 */

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function fraction(ms: number, digits: number): string {
  return (pad(ms, 3) + '000000').slice(0, digits);
}

export function formatStartTime(epochMs: number, format: string): string {
  const d = new Date(epochMs);
  const ms = d.getUTCMilliseconds();
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    let spec = format[++i];
    if ((spec === 'E' || /[0-9]/.test(spec)) && i + 1 < format.length) {
      // %E3S, %3f, %6f, %9f
      let j = i;
      let digits = '';
      if (spec === 'E') j++;
      while (j < format.length && /[0-9]/.test(format[j])) digits += format[j++];
      const tail = format[j];
      if ((tail === 'S' && spec === 'E') || (tail === 'f' && spec !== 'E')) {
        const n = digits ? parseInt(digits, 10) : 9;
        out += tail === 'S' ? `${pad(d.getUTCSeconds(), 2)}.${fraction(ms, n)}` : fraction(ms, n);
        i = j;
        continue;
      }
      if (spec === 'E' && format[j] === 'z') {
        out += '+00:00';
        i = j;
        continue;
      }
      spec = format[i];
    }
    switch (spec) {
      case 'Y': out += d.getUTCFullYear(); break;
      case 'm': out += pad(d.getUTCMonth() + 1, 2); break;
      case 'd': out += pad(d.getUTCDate(), 2); break;
      case 'e': out += String(d.getUTCDate()).padStart(2, ' '); break;
      case 'H': out += pad(d.getUTCHours(), 2); break;
      case 'M': out += pad(d.getUTCMinutes(), 2); break;
      case 'S': out += pad(d.getUTCSeconds(), 2); break;
      case 's': out += Math.floor(epochMs / 1000); break;
      case 'f': out += fraction(ms, 9); break;
      case 'z': out += '+0000'; break;
      case 'Z': out += 'UTC'; break;
      case 'b': out += MONTHS[d.getUTCMonth()]; break;
      case 'a': out += DAYS[d.getUTCDay()]; break;
      case 'y': out += pad(d.getUTCFullYear() % 100, 2); break;
      case 'j': out += pad(Math.floor((epochMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3); break;
      case 'T': out += `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`; break;
      case 'F': out += `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`; break;
      case '%': out += '%'; break;
      default: out += '%' + spec;
    }
  }
  return out;
}
