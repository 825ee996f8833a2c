//! Order books the driver replays a log into. They implement `kernel::BookView`.

mod fault;
mod l2;
mod l3;
mod ladder;
mod order_map;
mod replay;

pub use fault::BookFault;
pub use l2::BookL2;
pub use l3::BookL3;
pub use ladder::{Ladder, Level};
pub use order_map::{OrderMap, RestingOrder};
pub use replay::ReplayBook;
