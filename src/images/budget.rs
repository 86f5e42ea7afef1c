//! How much memory the images being processed at once may take: a worker waits until
//! what the others hold leaves room for its image, so that several large photos are
//! not decoded side by side.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Bytes that the images processed at once may take between them.
pub struct Budget {
    left: Mutex<u64>,
    freed: Condvar,
    total: u64,
}

/// A share of a [`Budget`], given back when dropped.
pub struct Share<'b> {
    budget: &'b Budget,
    bytes: u64,
}

/// The bytes one image of `pixels` pixels takes while it is processed: decoded, turned
/// into 8-bit RGBA, and a resized copy or two.
pub fn bytes_for(pixels: u64) -> u64 {
    pixels.saturating_mul(10)
}

impl Budget {
    /// A budget of `total` bytes.
    pub fn new(total: u64) -> Budget {
        Budget {
            left: Mutex::new(total),
            freed: Condvar::new(),
            total,
        }
    }

    /// Waits for `bytes` (at most the whole budget, so that one image larger than it
    /// runs alone) and takes them.
    pub fn take(&self, bytes: u64) -> Share<'_> {
        let bytes = bytes.min(self.total);
        let mut left = lock(&self.left);
        while *left < bytes {
            left = self.freed.wait(left).unwrap_or_else(|e| e.into_inner());
        }
        *left -= bytes;
        Share {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        *lock(&self.budget.left) += self.bytes;
        self.budget.freed.notify_all();
    }
}

fn lock(m: &Mutex<u64>) -> MutexGuard<'_, u64> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_wait_for_room_and_give_it_back() {
        let budget = Budget::new(100);
        let a = budget.take(60);
        let big = budget.take(0);
        drop(big);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let _b = budget.take(70);
                *lock(&budget.left)
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            drop(a);
            assert_eq!(waiter.join().unwrap(), 30);
        });
        // One image larger than the whole budget takes it all, and runs alone.
        let all = budget.take(1_000);
        assert_eq!(*lock(&budget.left), 0);
        drop(all);
        assert_eq!(*lock(&budget.left), 100);
    }
}
