package gen

// Scale sets how many of each thing Generate writes.
type Scale struct {
	Systems       int
	Vendors       int
	Answers       int
	Exceptions    int // each gets one remediation task
	AccessRecords int
	Evidence      int
}

// Full is the large engagement of issue 8.
func Full() Scale {
	return Scale{Systems: 2000, Vendors: 300, Answers: 1000, Exceptions: 10000, AccessRecords: 1_000_000, Evidence: 5000}
}

// Small is Full scaled down for tests (well under a second to build).
func Small() Scale {
	return Scale{Systems: 40, Vendors: 8, Answers: 120, Exceptions: 60, AccessRecords: 3000, Evidence: 25}
}

// ParseScale maps "full" and "small" to their Scale.
func ParseScale(name string) (Scale, bool) {
	switch name {
	case "full", "":
		return Full(), true
	case "small":
		return Small(), true
	}
	return Scale{}, false
}
