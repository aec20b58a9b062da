//! A file mapped into memory, safe against another program truncating it meanwhile.
//!
//! Touching a page of a mapping that a truncation took away raises SIGBUS, which would
//! end the process with no message, its staging directory left behind. The reader
//! checks the file's size before each chunk (`read::Watch`), but a truncation can land
//! after that check, inside chunks the workers are already parsing. So every mapping
//! made here is registered, and a SIGBUS handler turns a fault inside one into zeros:
//! it maps anonymous zero pages over the lost part of the mapping and returns, the
//! faulting read goes on (reading zeros), and the file's check after the read
//! ([`vanished`], the size and modification time) ends the run with "changed while it
//! was read". A SIGBUS anywhere else goes to the handler that was there before (std's),
//! as if this one did not exist.

use std::{
    fs::File,
    sync::{
        Once, OnceLock,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

/// Mappings alive at once, at most (files are read one after another; a few are
/// mapped at a time for detection and reading). A file finding no free slot is read
/// as a stream instead.
const SLOTS: usize = 64;

/// One registered mapping: its address range `[start, end)`; `start == 0` is a free
/// slot.
struct Slot {
    start: AtomicUsize,
    end: AtomicUsize,
}

static MAPS: [Slot; SLOTS] = [const {
    Slot {
        start: AtomicUsize::new(0),
        end: AtomicUsize::new(0),
    }
}; SLOTS];

/// Set by the handler when it replaced pages of a mapping (a truncated file).
static VANISHED: AtomicBool = AtomicBool::new(false);

/// The page size, for the handler (which cannot ask for it).
static PAGE: AtomicUsize = AtomicUsize::new(4096);

/// The SIGBUS disposition before ours, for faults that are not in a mapping of ours.
static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();

/// Whether pages of a mapped file vanished while it was read (it was truncated): the
/// run must not trust what it read.
pub(crate) fn vanished() -> bool {
    VANISHED.load(Ordering::Acquire)
}

/// A read-only mapping of a whole file, registered with the SIGBUS handler for as long
/// as it lives.
pub(crate) struct Mapped {
    map: memmap2::Mmap,
    slot: usize,
}

impl Mapped {
    /// Map `file` (a non-empty regular file); `None` when it cannot be mapped or no slot
    /// is free (read it as a stream).
    pub(crate) fn new(file: &File) -> Option<Mapped> {
        install();
        // SAFETY: the mapping is only read. Another program truncating the file makes
        // the lost pages raise SIGBUS when touched (not undefined reads); the handler
        // installed above maps zero pages there, and the read is then refused by the
        // checks after it (see the module doc).
        let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
        let start = map.as_ptr() as usize;
        let end = start + map.len();
        let slot = MAPS.iter().position(|s| {
            s.start
                .compare_exchange(0, start, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        })?;
        MAPS[slot].end.store(end, Ordering::Release);
        Some(Mapped { map, slot })
    }

    /// Drop the page-table entries of `[from, from + len)` (a merged chunk's pages):
    /// they stay in the page cache, and a later access faults the same file pages in.
    pub(crate) fn dont_need(&self, from: usize, len: usize) {
        // SAFETY: the mapping is read-only and shared; MADV_DONTNEED only drops
        // page-table entries, and a later access faults the same file pages back in, so
        // any slice into the mapping still reads the same bytes.
        let _ = unsafe {
            self.map
                .unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, len)
        };
    }
}

impl std::ops::Deref for Mapped {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.map
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // unregistered before `map` is unmapped (fields drop after this body): the
        // range may be reused by the next mapping at once
        MAPS[self.slot].end.store(0, Ordering::Release);
        MAPS[self.slot].start.store(0, Ordering::Release);
    }
}

/// Install the SIGBUS handler, once per process.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        PAGE.store(rustix::param::page_size(), Ordering::Relaxed);
        // SAFETY: `sigaction` with a zeroed struct whose handler, mask and flags are
        // set; the previous disposition is written to `old`, kept for the faults that
        // are not ours.
        unsafe {
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = on_sigbus as *const () as usize;
            new.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut new.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGBUS, &new, &mut old) == 0 {
                let _ = PREVIOUS.set(old);
            }
        }
    });
}

/// The SIGBUS handler: a fault inside a registered mapping gets anonymous zero pages
/// from the faulting page to the mapping's end (one signal for the whole lost tail),
/// and the read goes on; any other fault gets the previous disposition back and meets
/// it when the faulting instruction runs again.
extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: `info` is the kernel's siginfo for this signal (SA_SIGINFO); only atomics
    // and the `mmap` and `sigaction` system calls are used, which take no locks.
    unsafe {
        let addr = (*info).si_addr() as usize;
        let page = PAGE.load(Ordering::Relaxed);
        for s in &MAPS {
            let (start, end) = (
                s.start.load(Ordering::Acquire),
                s.end.load(Ordering::Acquire),
            );
            if start == 0 || addr < start || addr >= end {
                continue;
            }
            let from = addr & !(page - 1);
            let to = (end + page - 1) & !(page - 1);
            let p = libc::mmap(
                from as *mut libc::c_void,
                to - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            );
            if p != libc::MAP_FAILED {
                VANISHED.store(true, Ordering::Release);
                return;
            }
            break;
        }
        match PREVIOUS.get() {
            Some(old) => {
                libc::sigaction(libc::SIGBUS, old, std::ptr::null_mut());
            }
            None => {
                libc::signal(libc::SIGBUS, libc::SIG_DFL);
            }
        }
    }
}
