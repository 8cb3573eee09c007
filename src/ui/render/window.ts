/**
 * Which items of a list fit in `rows` screen rows around the selected one, each item `itemRows` rows
 * tall (a step one, a lab on the home two). A line saying how many more there are takes a row at
 * either end where some are hidden. The step list and the home's lab list both use it.
 */
export function windowOf(count: number, selected: number, rows: number, itemRows = 1): { start: number; room: number } {
  if (count * itemRows <= rows) return { start: 0, room: count };
  const itemsIn = (markers: number) => Math.max(1, Math.floor((rows - markers) / itemRows));
  let room = itemsIn(2);
  let start = Math.max(0, Math.min(selected - Math.floor(room / 2), count - room));
  if (start === 0) room = itemsIn(1);
  else if (start + room >= count) {
    room = itemsIn(1);
    start = count - room;
  }
  return { start, room: Math.min(room, count) };
}
