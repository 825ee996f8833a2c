//! Counts by name, in first-seen order, for the "messages by type" and "skipped by reason"
//! lines an importer prints.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    entries: Vec<(String, u64)>,
}

impl Tally {
    pub fn add(&mut self, name: &str, n: u64) {
        match self.entries.iter_mut().find(|(k, _)| k == name) {
            Some((_, c)) => *c += n,
            None => self.entries.push((name.to_string(), n)),
        }
    }

    pub fn bump(&mut self, name: &str) {
        self.add(name, 1);
    }

    pub fn get(&self, name: &str) -> u64 {
        self.entries.iter().find(|(k, _)| k == name).map_or(0, |(_, c)| *c)
    }

    pub fn total(&self) -> u64 {
        self.entries.iter().map(|(_, c)| c).sum()
    }

    pub fn into_vec(self) -> Vec<(String, u64)> {
        self.entries
    }

    pub fn entries(&self) -> &[(String, u64)] {
        &self.entries
    }
}
