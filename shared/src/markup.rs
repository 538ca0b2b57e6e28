//! Text placed into markup that is built as a string: the widget's chart and filter options, the embed snippet,
//! the server's sitemaps, oEmbed answer and API page.

/// Escapes text for element content or a double-quoted attribute value, in HTML and XML alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            super::escape(r#"a<b>&"c" 'ж'"#),
            "a&lt;b&gt;&amp;&quot;c&quot; 'ж'"
        );
        assert_eq!(super::escape("\"><script>"), "&quot;&gt;&lt;script&gt;");
    }
}
