//! A research topic's places: how many students it takes, and what a supervisor's decision
//! on a sign-up may do with them. The one rule, used by the sign-up (a full topic takes new
//! sign-ups on its waitlist) and by the decision (made on counts read under the topic's lock).

/// A topic's places: how many it takes and how many are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Places {
    pub capacity: u32,
    pub accepted: u32,
}

/// What a supervisor decides about a sign-up that waits (pending or on the waitlist).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Waitlist,
    Decline,
}

impl Decision {
    /// The word a form sends.
    pub fn parse(word: &str) -> Option<Decision> {
        match word {
            "accept" => Some(Decision::Accept),
            "waitlist" => Some(Decision::Waitlist),
            "decline" => Some(Decision::Decline),
            _ => None,
        }
    }
}

impl Places {
    /// Pass `capacity` and `accepted` as the database holds them (a negative count reads as
    /// none).
    pub fn new(capacity: i64, accepted: i64) -> Places {
        let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        Places {
            capacity: count(capacity),
            accepted: count(accepted),
        }
    }

    /// Every place is taken: new sign-ups wait on the waitlist, and nobody more is accepted.
    pub fn full(self) -> bool {
        self.accepted >= self.capacity
    }

    /// Whether `decision` may be made now: accepting needs a free place; waitlisting and
    /// declining always may.
    pub fn allow(self, decision: Decision) -> bool {
        decision != Decision::Accept || !self.full()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepting_needs_a_free_place_and_nothing_else_does() {
        let open = Places::new(2, 1);
        let full = Places::new(2, 2);
        assert!(!open.full() && full.full());
        assert!(open.allow(Decision::Accept));
        assert!(!full.allow(Decision::Accept));
        assert!(full.allow(Decision::Waitlist) && full.allow(Decision::Decline));
        // Over capacity (a capacity lowered after accepting) is full too.
        assert!(Places::new(1, 3).full());
        assert_eq!(Decision::parse("accept"), Some(Decision::Accept));
        assert_eq!(Decision::parse("Accept"), None);
    }
}
