package data

// accountabilityRowReader returns the query and reader of currentRows for
// the entities of accountabilityEntities: each row's id as its trail
// records name it, and its canonical JSON as the trail's after holds it.
func accountabilityRowReader(entity string) (string, func(sc scanner) (id, canonical string, err error)) {
	switch entity {
	case EntityPerson:
		return "SELECT " + personCols + " FROM person", func(sc scanner) (string, string, error) {
			r, err := scanPerson(sc)
			return r.Name, encodeJSON(r), err
		}
	case EntityAssignment:
		return "SELECT " + assignmentCols + " FROM assignment", func(sc scanner) (string, string, error) {
			r, err := scanAssignment(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntityReview:
		return "SELECT " + reviewStateCols + " FROM review", func(sc scanner) (string, string, error) {
			r, err := scanReviewState(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntityAttestation:
		return "SELECT id, " + attestationCols + " FROM attestation", func(sc scanner) (string, string, error) {
			r, err := scanAttestation(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntityPacket:
		return "SELECT " + packetCols + " FROM packet", func(sc scanner) (string, string, error) {
			r, err := scanPacket(sc)
			return r.PacketID, encodeJSON(r), err
		}
	case EntityPacketItem:
		return "SELECT " + packetItemCols + " FROM packet_item", func(sc scanner) (string, string, error) {
			r, err := scanPacketItem(sc)
			return r.entityID(), encodeJSON(r), err
		}
	default: // EntityConflict; auditedEntities lists no other
		return "SELECT id, " + conflictCols + " FROM conflict", func(sc scanner) (string, string, error) {
			r, err := scanConflict(sc)
			return r.entityID(), encodeJSON(r), err
		}
	}
}
