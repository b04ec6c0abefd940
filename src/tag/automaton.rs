//! The matcher's automaton: one DFA over folded text (see [`crate::text::Folded`]) that finds
//! every entry starting at a word's first letter or right after a clitic chain the word opens
//! with ("وبالموصل": after و، وب and وبال), in one pass, one table load per byte.
//!
//! Built in two steps. A trie holds every entry, a byte per letter, spaces included. The DFA's
//! states are then sets of places: trie nodes (an entry begun at some start in this word or an
//! earlier one, still alive) and nodes of a small trie of clitic chains (the word's first
//! letters, while they may still be a chain). A space adds the roots of both (a word starts); a
//! complete chain adds the trie's root (an entry may start after it). Past its first letters a
//! word keeps at most one entry alive, so the subset construction adds few states to the trie's
//! nodes (71,200 against 70,700 for the built-in lexicons).
//!
//! This replaced anchored walks of the trie from every word and chain start (~770 per article).
//! Those cost a mispredicted branch where each walk ended and read the text twice or more; the
//! DFA reads it once without a branch but on a match. What bounds it now is that each step
//! waits for the last step's load, so two halves of the text are scanned at once.

use std::collections::HashMap;

use foldhash::fast::FixedState;

/// Set on a transition into a state where some entry ends.
const MATCH: u32 = 1 << 31;
/// Marks a chain-trie node among a DFA state's places (trie nodes are below it).
const CHAIN: u32 = 1 << 30;
/// The root of the entry trie, and of the chain trie (with [`CHAIN`]).
const ROOT: u32 = 0;
/// State 0 is dead (no entry alive: wait for a space); state 1 is the start of a word.
const DEAD: u32 = 0;
const START: u32 = 1;

pub struct Automaton {
    /// Class of each byte; 0 for bytes no entry, chain or space holds.
    class: [u8; 256],
    classes: usize,
    /// `next[row + class]`: the next state's row (its number times `classes`), with [`MATCH`]
    /// set when an entry ends there.
    next: Vec<u32>,
    /// For each state, where its entries start in `ends` (one more than states).
    first_end: Vec<u32>,
    /// (entry index, entry length in bytes) of the entries ending in each state.
    ends: Vec<(u32, u32)>,
}

/// A trie over byte classes, stored flat and numbered breadth first: the DFA is built in
/// about that order, so the nodes it reads next sit near the ones it just read (a vector per
/// node, scattered over the heap, made building the DFA twice as slow).
struct Trie {
    /// Node `n`'s children are `edges[first_edge[n]..first_edge[n + 1]]`: (class, node).
    first_edge: Vec<u32>,
    edges: Vec<(u8, u32)>,
    /// The strings ending at node `n` are `ends[first_end[n]..first_end[n + 1]]`.
    first_end: Vec<u32>,
    ends: Vec<u32>,
}

impl Trie {
    fn new(strings: &[Vec<u8>], class: &[u8; 256]) -> Trie {
        // Built as a vector of children per node, then laid out flat.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ending: Vec<Vec<u32>> = vec![Vec::new()];
        for (index, string) in strings.iter().enumerate() {
            let mut node = ROOT as usize;
            for byte in string {
                let c = class[usize::from(*byte)];
                node = match children[node].iter().find(|(k, _)| *k == c) {
                    Some((_, child)) => *child as usize,
                    None => {
                        children.push(Vec::new());
                        ending.push(Vec::new());
                        let child = children.len() - 1;
                        children[node].push((c, child as u32));
                        child
                    }
                };
            }
            ending[node].push(index as u32);
        }
        let mut order = vec![ROOT as usize];
        let mut number = vec![0u32; children.len()];
        let mut at = 0;
        while at < order.len() {
            for &(_, child) in &children[order[at]] {
                number[child as usize] = order.len() as u32;
                order.push(child as usize);
            }
            at += 1;
        }
        let mut trie = Trie {
            first_edge: Vec::with_capacity(order.len() + 1),
            edges: Vec::with_capacity(order.len()),
            first_end: Vec::with_capacity(order.len() + 1),
            ends: Vec::with_capacity(strings.len()),
        };
        for &old in &order {
            trie.first_edge.push(trie.edges.len() as u32);
            trie.edges.extend(
                children[old]
                    .iter()
                    .map(|&(c, child)| (c, number[child as usize])),
            );
            trie.first_end.push(trie.ends.len() as u32);
            trie.ends.extend_from_slice(&ending[old]);
        }
        trie.first_edge.push(trie.edges.len() as u32);
        trie.first_end.push(trie.ends.len() as u32);
        trie
    }

    fn nodes(&self) -> usize {
        self.first_edge.len() - 1
    }

    fn children(&self, node: usize) -> &[(u8, u32)] {
        &self.edges[self.first_edge[node] as usize..self.first_edge[node + 1] as usize]
    }

    fn ending(&self, node: usize) -> &[u32] {
        &self.ends[self.first_end[node] as usize..self.first_end[node + 1] as usize]
    }
}

impl Automaton {
    /// The automaton for `entries` (folded, non-empty), each starting at a word start or
    /// after one of `chains` (folded clitic chains).
    pub fn new(entries: &[Vec<u8>], chains: &[Vec<u8>]) -> Automaton {
        let mut class = [0u8; 256];
        let mut classes = 1;
        for byte in entries.iter().chain(chains).flatten().chain(b" ") {
            if class[usize::from(*byte)] == 0 {
                class[usize::from(*byte)] = classes as u8;
                classes += 1;
            }
        }
        assert!(classes <= 256, "byte classes fit a byte");
        let space = class[usize::from(b' ')];
        let trie = Trie::new(entries, &class);
        let chain_trie = Trie::new(chains, &class);

        // Subset construction. Most sets hold one trie node: those are found by node, without
        // hashing the set.
        let word_start = vec![ROOT, CHAIN | ROOT];
        let mut sets: Vec<Vec<u32>> = vec![Vec::new(), word_start.clone()];
        // A fast hash: sets are built from the lexicons, not from outside input.
        let mut by_set: HashMap<Vec<u32>, u32, FixedState> = HashMap::default();
        by_set.insert(word_start, START);
        let mut by_node = vec![u32::MAX; trie.nodes()];
        // A state per trie node and a few more: sized once, since this is the largest table
        // built here (doubling as it grows would briefly hold twice as much).
        let mut targets: Vec<u32> = Vec::with_capacity((trie.nodes() + 4096) * classes);
        let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); classes];
        let mut touched: Vec<u8> = Vec::new();
        // The state a set of places leads to, added if new.
        let mut intern = |places: &[u32], sets: &mut Vec<Vec<u32>>| -> u32 {
            match places {
                [] => DEAD,
                [node] if node & CHAIN == 0 => {
                    let known = &mut by_node[*node as usize];
                    if *known == u32::MAX {
                        *known = sets.len() as u32;
                        sets.push(places.to_vec());
                    }
                    *known
                }
                _ => *by_set.entry(places.to_vec()).or_insert_with(|| {
                    sets.push(places.to_vec());
                    sets.len() as u32 - 1
                }),
            }
        };
        // Where the entry trie's root leads on each class: every word start and every chain
        // end holds the root, so these transitions are shared by most multi-place states, and
        // are worked out once (only classes another place also continues on are redone).
        let mut root_child = vec![None; classes];
        for &(c, child) in trie.children(ROOT as usize) {
            root_child[usize::from(c)] = Some(child);
        }
        let root_row: Vec<u32> = root_child
            .iter()
            .map(|child| child.map_or(DEAD, |child| intern(&[child], &mut sets)))
            .collect();
        let mut state = 0;
        while state < sets.len() {
            let row = targets.len();
            // Sets are sorted, and the root is the smallest place.
            let holds_root = sets[state].first() == Some(&ROOT);
            if holds_root {
                targets.extend_from_slice(&root_row);
            } else {
                targets.resize(row + classes, DEAD);
            }
            // Where each other place goes, by class: only the classes some place has a child
            // for lead anywhere but the dead state or the root's target (and a space always
            // starts a word).
            touched.clear();
            for &place in &sets[state][usize::from(holds_root)..] {
                let (children, chain) = if place & CHAIN == 0 {
                    (trie.children(place as usize), false)
                } else {
                    (chain_trie.children((place & !CHAIN) as usize), true)
                };
                for &(c, child) in children {
                    let bucket = &mut buckets[usize::from(c)];
                    if bucket.is_empty() {
                        touched.push(c);
                    }
                    if !chain {
                        bucket.push(child);
                    } else {
                        bucket.push(CHAIN | child);
                        if !chain_trie.ending(child as usize).is_empty() {
                            bucket.push(ROOT);
                        }
                    }
                }
            }
            if buckets[usize::from(space)].is_empty() {
                touched.push(space);
            }
            buckets[usize::from(space)].extend([ROOT, CHAIN | ROOT]);
            for &c in &touched {
                let places = &mut buckets[usize::from(c)];
                if holds_root && let Some(child) = root_child[usize::from(c)] {
                    places.push(child);
                }
                places.sort_unstable();
                places.dedup();
                targets[row + usize::from(c)] = intern(places, &mut sets);
                places.clear();
            }
            state += 1;
        }

        drop(by_set);
        drop(by_node);
        let mut first_end = Vec::with_capacity(sets.len() + 1);
        let mut ends = Vec::new();
        for set in &sets {
            first_end.push(ends.len() as u32);
            for &place in set.iter().filter(|p| *p & CHAIN == 0) {
                for &entry in trie.ending(place as usize) {
                    ends.push((entry, entries[entry as usize].len() as u32));
                }
            }
        }
        first_end.push(ends.len() as u32);
        drop(sets);
        drop(trie);
        // State numbers become rows, in place.
        let mut next = targets;
        next.shrink_to_fit();
        for target in &mut next {
            let t = *target as usize;
            let ends_here = first_end[t + 1] > first_end[t];
            *target = (t * classes) as u32 | if ends_here { MATCH } else { 0 };
        }
        assert!(next.len() < MATCH as usize, "rows fit 31 bits");
        Automaton {
            class,
            classes,
            next,
            first_end,
            ends,
        }
    }

    /// Calls `found(entry, core, end)` for every entry that matches `text[core..end]`, `core`
    /// being a word start or the end of a clitic chain opening the word (what follows `end`
    /// is the caller's to check).
    pub fn find(&self, text: &[u8], mut found: impl FnMut(u32, usize, usize)) {
        let (next, class) = (self.next.as_slice(), &self.class);
        let step = |row: usize, byte: u8| next[row + usize::from(class[usize::from(byte)])];
        let start = START as usize * self.classes;
        // The second half starts at a word after the middle. The first runs on past it until
        // nothing that began before it is alive (it is back in the bare start state); its
        // matches there count only when they began before the second half.
        let split = match memchr::memchr(b' ', &text[text.len() / 2..]) {
            Some(at) if text.len() >= 64 => text.len() / 2 + at + 1,
            _ => text.len(),
        };
        let (first, second) = text.split_at(split);
        let (mut a, mut b) = (start, start);
        let both = first.len().min(second.len());
        for k in 0..both {
            let (to_a, to_b) = (step(a, first[k]), step(b, second[k]));
            a = (to_a & !MATCH) as usize;
            b = (to_b & !MATCH) as usize;
            if to_a & MATCH != 0 {
                self.report(a, k + 1, usize::MAX, &mut found);
            }
            if to_b & MATCH != 0 {
                self.report(b, split + k + 1, usize::MAX, &mut found);
            }
        }
        for (k, &byte) in first.iter().enumerate().skip(both) {
            let to = step(a, byte);
            a = (to & !MATCH) as usize;
            if to & MATCH != 0 {
                self.report(a, k + 1, usize::MAX, &mut found);
            }
        }
        for (k, &byte) in second.iter().enumerate().skip(both) {
            let to = step(b, byte);
            b = (to & !MATCH) as usize;
            if to & MATCH != 0 {
                self.report(b, split + k + 1, usize::MAX, &mut found);
            }
        }
        for (k, &byte) in second.iter().enumerate() {
            if a == start {
                break;
            }
            let to = step(a, byte);
            a = (to & !MATCH) as usize;
            if to & MATCH != 0 {
                self.report(a, split + k + 1, split, &mut found);
            }
        }
    }

    /// The entries ending at `end` in the state at `row` that began before `cores_before`.
    /// Out of line: it runs on one byte in twenty, and inlined it would crowd the scan loop.
    #[inline(never)]
    fn report(
        &self,
        row: usize,
        end: usize,
        cores_before: usize,
        found: &mut impl FnMut(u32, usize, usize),
    ) {
        let state = row / self.classes;
        let ends = &self.ends[self.first_end[state] as usize..self.first_end[state + 1] as usize];
        for &(entry, len) in ends {
            let core = end - len as usize;
            if core < cores_before {
                found(entry, core, end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (entry, core, end) of every match, sorted.
    fn matches(entries: &[&str], text: &str) -> Vec<(u32, usize, usize)> {
        let entries: Vec<Vec<u8>> = entries.iter().map(|e| e.as_bytes().to_vec()).collect();
        let chains: Vec<Vec<u8>> = ["w", "b", "wb", "al", "wal", "bal"]
            .iter()
            .map(|c| c.as_bytes().to_vec())
            .collect();
        let automaton = Automaton::new(&entries, &chains);
        let mut found = Vec::new();
        automaton.find(text.as_bytes(), |e, core, end| found.push((e, core, end)));
        found.sort_unstable();
        found
    }

    #[test]
    fn entries_start_at_words_and_after_chains_only() {
        // "walbayt": w + al + bayt, and also the word itself; "xbayt" has no chain.
        assert_eq!(
            matches(&["bayt", "walbayt"], " walbayt xbayt bayt "),
            vec![(0, 4, 8), (0, 15, 19), (1, 1, 8)]
        );
        // Letters that are no chain ("bw", "l") start nothing after them; a chain ("w") does.
        assert_eq!(matches(&["xbayt"], " bwxbayt lxbayt "), vec![]);
        assert_eq!(matches(&["xbayt"], " wxbayt "), vec![(0, 2, 7)]);
    }

    #[test]
    fn phrases_cross_spaces_and_entries_may_end_inside_a_word() {
        assert_eq!(
            matches(&["red car", "red"], " the red cars "),
            vec![(0, 5, 12), (1, 5, 8)]
        );
    }

    #[test]
    fn a_phrase_across_the_middle_of_a_long_text_is_found_once() {
        // The text is split near its middle for two scans at once: put a phrase across
        // every possible split point.
        let filler = "aaa ".repeat(20);
        for shift in 0..8 {
            let text = format!(" {}{}red car {}", "b".repeat(shift), filler, filler);
            let found = matches(&["red car", "car"], &text);
            let core = text.find("red car").unwrap();
            assert_eq!(
                found,
                vec![(0, core, core + 7), (1, core + 4, core + 7)],
                "{text:?}"
            );
        }
    }
}
