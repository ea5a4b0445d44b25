package export

import (
	"crypto/sha1"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"auditwalk/model"
)

// OSCALNamespace is the ns of every prop auditwalk adds to OSCAL documents
// and the system of its risk facets.
const OSCALNamespace = "urn:auditwalk:oscal"

// uuidNamespace is the UUIDv5 namespace of every OSCAL UUID auditwalk
// makes: the v5 UUID of OSCALNamespace in the URL namespace.
func uuidNamespace() uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceURL, []byte(OSCALNamespace)) }

// uuidGen derives stable UUIDs: UUIDv5 of "<engagement key>/<kind>/<parts>"
// so that re-exporting the same engagement yields the same UUIDs and a GRC
// platform updates its records instead of adding duplicates.
type uuidGen struct {
	ns  uuid.UUID
	key string
}

func newUUIDGen(b *Bundle) uuidGen {
	key := "id:" + strings.TrimSpace(b.EngagementID)
	if strings.TrimSpace(b.EngagementID) == "" {
		key = "client:" + strings.TrimSpace(model.CleanLine(b.Engagement.Client)) + "|created:" + rfc3339Nano(b.Engagement.CreatedAt)
	}
	return uuidGen{ns: uuidNamespace(), key: key}
}

func rfc3339Nano(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// of returns the UUID for an object kind and its stable key parts: exactly
// uuid.NewSHA1(g.ns, "<key>/<kind>/<parts>..."), computed without the
// intermediate strings and hasher (an export derives about 150,000 of
// them).
func (g uuidGen) of(kind string, parts ...string) string {
	var arr [256]byte
	buf := append(arr[:0], g.ns[:]...)
	buf = append(append(append(buf, g.key...), '/'), kind...)
	for _, p := range parts {
		buf = append(append(buf, '/'), p...)
	}
	sum := sha1.Sum(buf)
	var u uuid.UUID
	copy(u[:], sum[:])
	u[6] = (u[6] & 0x0f) | 0x50 // version 5
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u.String()
}

// isECMASpace reports the characters ECMAScript's \s matches (the schemas'
// patterns are ECMAScript regular expressions): Unicode space separators,
// line terminators, BOM and the ASCII controls tab, LF, VT, FF, CR.
func isECMASpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || r == '\ufeff' || r == '\u2028' || r == '\u2029'
}

// oString makes text fit OSCAL's StringDatatype (^\S(.*\S)?$): one line,
// terminal escapes removed, line separators turned into spaces, trimmed of
// whitespace as ECMAScript defines it. Empty input gives fallback.
func oString(s, fallback string) string {
	if printableASCII(s) {
		return s // nothing to clean, map or trim (most ids and values)
	}
	s = model.CleanLine(s)
	s = strings.Map(func(r rune) rune {
		if r == '\u2028' || r == '\u2029' || r == '\r' || r == '\n' || r == '\u0085' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimFunc(s, isECMASpace)
	if s == "" {
		return fallback
	}
	return s
}

// printableASCII reports whether s is printable ASCII (space to tilde)
// that neither starts nor ends with a space: text oString returns as it
// is.
func printableASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// oLine makes user text a markup-line: escaped Markdown on one line.
func oLine(s, fallback string) string {
	s = oString(s, "")
	if s == "" {
		return fallback
	}
	return inlineClean(s) // oString has cleaned it
}

// oMulti makes user text markup-multiline: escaped Markdown paragraphs.
func oMulti(s, fallback string) string {
	if b := Block(s); b != "" {
		return b
	}
	return fallback
}

// token makes an identifier an OSCAL token (an XML NCName:
// ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$): other characters become "_" and a
// leading digit, dot or dash gets a "_" prefix.
func token(s string) string {
	s = strings.TrimSpace(model.CleanLine(s))
	var b strings.Builder
	for i, r := range s {
		ok := unicode.IsLetter(r) || r == '_' || (i > 0 && (unicode.IsNumber(r) || r == '.' || r == '-'))
		if !ok && i == 0 && (unicode.IsNumber(r) || r == '.' || r == '-') {
			b.WriteByte('_')
			ok = true
		}
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// oDate renders a date as an OSCAL date-time at midnight UTC; ok is false
// when the date is unset or outside what the schema's pattern accepts.
func oDate(d model.Date) (string, bool) {
	t, ok := d.Time()
	if !ok {
		return "", false
	}
	return oTime(t)
}

// oTime renders a time as an OSCAL date-time in UTC to the second.
func oTime(t time.Time) (string, bool) {
	if t.IsZero() {
		return "", false
	}
	t = t.UTC()
	if t.Year() < 1900 || t.Year() > 2999 {
		return "", false
	}
	return t.Format("2006-01-02T15:04:05Z"), true
}

// prop makes an auditwalk prop; ok is false (and the prop should be left
// out) when the value is blank.
func prop(name, value string) (oProp, bool) {
	v := oString(value, "")
	return oProp{Name: name, NS: OSCALNamespace, Value: v}, v != ""
}

// props builds a prop list from name/value pairs, leaving out blank values.
func props(pairs ...string) []oProp {
	out := make([]oProp, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if p, ok := prop(pairs[i], pairs[i+1]); ok {
			out = append(out, p)
		}
	}
	return out
}

// criterionProps gives one tsc-criterion prop per criterion id.
func criterionProps(ids []string) []oProp {
	var out []oProp
	for _, id := range ids {
		if p, ok := prop("tsc-criterion", id); ok {
			p.Class = "soc2-tsc-2017"
			out = append(out, p)
		}
	}
	return out
}

// hrefPath makes a file path a URI reference: each segment escaped.
func hrefPath(p string) string {
	p = oString(strings.ReplaceAll(p, `\`, "/"), "")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	out := strings.Join(segs, "/")
	if i := strings.IndexByte(out, ':'); i >= 0 && !strings.Contains(out[:i], "/") {
		out = "./" + out // a colon in the first segment would read as a scheme
	}
	if strings.HasPrefix(out, "//") {
		// A leading "//" would read as a network host ("//host/path");
		// "/." keeps it a path on the local filesystem.
		out = "/." + out
	}
	return out
}
