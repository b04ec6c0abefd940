use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::time::Instant;
use watchdesk::text::{normalize, normalize_term};

fn compact(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            let cp = c as u32;
            if cp < 0x80 {
                cp as u8
            } else if (0x621..=0x64A).contains(&cp) {
                0x80 + (cp - 0x621) as u8
            } else {
                0xFF
            }
        })
        .collect()
}

fn main() {
    let terms = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let dir = std::env::args().nth(2).unwrap();
    let mut pats: Vec<String> = terms
        .lines()
        .map(normalize_term)
        .filter(|t| !t.is_empty())
        .collect();
    // variants with definiteness toggled approximate the real count
    let extra: Vec<String> = pats.iter().map(|p| format!("ال{p}")).collect();
    pats.extend(extra);
    let texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .take(1000)
        .map(|e| normalize(&std::fs::read_to_string(e.unwrap().path()).unwrap()))
        .collect();
    let ctexts: Vec<Vec<u8>> = texts.iter().map(|t| compact(t)).collect();
    let cpats: Vec<Vec<u8>> = pats.iter().map(|p| compact(p)).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let cbytes: usize = ctexts.iter().map(|t| t.len()).sum();
    println!(
        "{} patterns, {} bytes utf8, {} compact",
        pats.len(),
        bytes,
        cbytes
    );
    {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::{Anchored, dfa, nfa::contiguous};
        let d = dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&cpats)
            .unwrap();
        let c = contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&cpats)
            .unwrap();
        fn run<A: Automaton>(a: &A, texts: &[Vec<u8>]) -> usize {
            let mut n = 0;
            for t in texts {
                let mut sid = a.start_state(Anchored::No).unwrap();
                for &b in t.iter() {
                    sid = a.next_state(Anchored::No, sid, b);
                    if a.is_special(sid) && a.is_match(sid) {
                        n += a.match_len(sid);
                    }
                }
            }
            n
        }
        let da = dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&cpats)
            .unwrap();
        let ca = contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&cpats)
            .unwrap();
        const CL: &[&str] = &[
            "و", "ف", "ب", "ك", "ل", "ال", "وب", "وك", "ول", "فب", "فك", "فل", "وال", "فال", "بال",
            "كال", "لل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل",
        ];
        let cl: Vec<Vec<u8>> = CL.iter().map(|c| compact(c)).collect();
        fn walk<A: Automaton>(a: &A, texts: &[Vec<u8>], cl: &[Vec<u8>]) -> (usize, usize) {
            let (mut n, mut steps) = (0, 0);
            let start = a.start_state(Anchored::Yes).unwrap();
            for t in texts {
                let mut i = 1;
                while i < t.len() {
                    // word starts at i
                    let mut offs = [0usize; 5];
                    let mut k = 1;
                    for c in cl {
                        if t[i..].starts_with(c) && k < 5 {
                            offs[k] = c.len();
                            k += 1;
                        }
                    }
                    for &o in &offs[..k] {
                        let mut sid = start;
                        for &b in &t[i + o..] {
                            sid = a.next_state(Anchored::Yes, sid, b);
                            steps += 1;
                            if a.is_special(sid) {
                                if a.is_dead(sid) {
                                    break;
                                }
                                if a.is_match(sid) {
                                    n += a.match_len(sid);
                                }
                            }
                        }
                    }
                    match memchr_space(&t[i..]) {
                        Some(p) => i += p + 1,
                        None => break,
                    }
                }
            }
            (n, steps)
        }
        fn memchr_space(b: &[u8]) -> Option<usize> {
            b.iter().position(|&x| x == b' ')
        }
        for _ in 0..3 {
            let t = Instant::now();
            let n = walk(&da, &ctexts, &cl);
            let a = t.elapsed();
            let t = Instant::now();
            let m = walk(&ca, &ctexts, &cl);
            let b = t.elapsed();
            println!(
                "anchored walk: dfa {:.1} ms ({n:?}), contiguous {:.1} ms ({m:?})",
                a.as_secs_f64() * 1e3,
                b.as_secs_f64() * 1e3
            );
        }
        for _ in 0..3 {
            let t = Instant::now();
            let n = run(&d, &ctexts);
            let a = t.elapsed();
            let t = Instant::now();
            let m = run(&c, &ctexts);
            let b = t.elapsed();
            println!(
                "custom loop: dfa {:.1} ms ({n}), contiguous {:.1} ms ({m})",
                a.as_secs_f64() * 1e3,
                b.as_secs_f64() * 1e3
            );
        }
    }
    for kind in [AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA] {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&pats)
            .unwrap();
        let acc = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&cpats)
            .unwrap();
        for _ in 0..2 {
            let t = Instant::now();
            let n: usize = texts
                .iter()
                .map(|x| ac.find_overlapping_iter(x).count())
                .sum();
            let a = t.elapsed();
            let t = Instant::now();
            let m: usize = ctexts
                .iter()
                .map(|x| acc.find_overlapping_iter(x).count())
                .sum();
            let b = t.elapsed();
            println!(
                "{kind:?}: utf8 {:.1} ms ({n} hits, {:.0} MB/s)  compact {:.1} ms ({m} hits) mem {} / {}",
                a.as_secs_f64() * 1e3,
                bytes as f64 / 1e6 / a.as_secs_f64(),
                b.as_secs_f64() * 1e3,
                ac.memory_usage(),
                acc.memory_usage()
            );
        }
    }
}
