//! "Did you mean" suggestions for misspelt names.

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // One edit in four characters: "cuont" finds "count", "xyz" finds nothing.
    let limit = (name.chars().count().div_ceil(3)).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// The help line for a misspelt name: the closest known one, else every known one, under
/// `what` ("fields", "known kinds").
pub fn did_you_mean(name: &str, known: &[&str], what: &str) -> String {
    match closest(name, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("{what}: {}", known.join(", ")),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        assert_eq!(closest("numbr", &["number", "month"]), Some("number"));
        assert_eq!(closest("patern", &["patterns", "pattern"]), Some("pattern"));
        assert_eq!(closest("xyz", &["number"]), None);
    }
}
