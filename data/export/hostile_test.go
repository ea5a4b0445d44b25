package export

// hostile appends text built to break Markdown, HTML, terminals and
// spreadsheets to s.
func hostile(s string) string {
	return s + " | pipe || \\| \n```\n<script>alert(1)</script>\n# heading\n> quote\n- item\n1. one\n" +
		"\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 `code` *em* _u_ [l](http://x) ![i](y) ~~s~~ $x$ " +
		"<b>b</b> &amp; \\ =cmd|' /C calc'!A0\n\n    indented\n---\n===\n| a | b |\n|---|---|\n<div>\n[ref]: http://x\n"
}
