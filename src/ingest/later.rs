//! Work to do a fixed delay after it was asked for (a removal's grace, a file's settling time, a
//! second look at a new folder). Every item waits the same delay, so the queue is already in
//! due order and the next deadline is its front.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Later<T> {
    delay: Duration,
    queue: VecDeque<(Instant, T)>,
}

impl<T> Later<T> {
    pub fn new(delay: Duration) -> Self {
        Later {
            delay,
            queue: VecDeque::new(),
        }
    }

    pub fn push(&mut self, now: Instant, item: T) {
        self.queue.push_back((now + self.delay, item));
    }

    pub fn next_due(&self) -> Option<Instant> {
        self.queue.front().map(|(due, _)| *due)
    }

    /// The items due by `now`, in the order they were asked for.
    pub fn take_due(&mut self, now: Instant) -> Vec<T> {
        let n = self.queue.iter().take_while(|(due, _)| *due <= now).count();
        self.queue.drain(..n).map(|(_, item)| item).collect()
    }

    /// Everything still waiting, due or not.
    pub fn pending(&self) -> impl Iterator<Item = &T> {
        self.queue.iter().map(|(_, item)| item)
    }

    pub fn clear(&mut self) {
        self.queue.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_due_in_order_after_the_delay() {
        let mut later = Later::new(Duration::from_millis(10));
        let t0 = Instant::now();
        later.push(t0, 'a');
        later.push(t0 + Duration::from_millis(5), 'b');
        assert_eq!(later.next_due(), Some(t0 + Duration::from_millis(10)));
        assert!(later.take_due(t0).is_empty());
        assert_eq!(later.take_due(t0 + Duration::from_millis(12)), ['a']);
        assert_eq!(later.take_due(t0 + Duration::from_millis(20)), ['b']);
        assert_eq!(later.next_due(), None);
    }
}
