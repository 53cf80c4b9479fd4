package sqlstore

import "github.com/slotbot/slotbot/core"

const packageCols = `id, coach_id, name, credits, price_amount, price_currency, validity_days, type_ids,
	deduct_at, retired`

func scanPackage(s rowScanner) (*core.Package, error) {
	var p core.Package
	err := s.Scan(&p.ID, &p.CoachID, &p.Name, &p.Credits, &p.Price.Amount, &p.Price.Currency,
		&p.ValidityDays, (*jsonList[int64])(&p.TypeIDs), &p.DeductAt, &p.Retired)
	return &p, err
}

func (t *tx) CreatePackage(p *core.Package) error {
	id, err := t.insert("create package", `INSERT INTO packages (coach_id, name, credits, price_amount,
		price_currency, validity_days, type_ids, deduct_at, retired)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.CoachID, p.Name, p.Credits, p.Price.Amount, p.Price.Currency, p.ValidityDays,
		jsonList[int64](p.TypeIDs), string(p.DeductAt), p.Retired)
	if err != nil {
		return err
	}
	p.ID = id
	return nil
}

func (t *tx) Package(id int64) (*core.Package, error) {
	return cached(t, tPackages, idKey(id), clonePackage, func() (*core.Package, error) {
		return one(t, "package", "Package", scanPackage, `SELECT `+packageCols+` FROM packages WHERE id = ?`, id)
	})
}

func (t *tx) UpdatePackage(p *core.Package) error {
	return t.update("update package", "Package", `UPDATE packages SET coach_id = ?, name = ?,
		credits = ?, price_amount = ?, price_currency = ?, validity_days = ?, type_ids = ?,
		deduct_at = ?, retired = ? WHERE id = ?`,
		p.CoachID, p.Name, p.Credits, p.Price.Amount, p.Price.Currency, p.ValidityDays,
		jsonList[int64](p.TypeIDs), string(p.DeductAt), p.Retired, p.ID)
}

// Packages lists a coach's packages, retired ones included.
func (t *tx) Packages(coachID int64) ([]*core.Package, error) {
	return cached(t, tPackages, "coach:"+idKey(coachID), cloneList(clonePackage), func() ([]*core.Package, error) {
		return all(t, "packages", scanPackage,
			`SELECT `+packageCols+` FROM packages WHERE coach_id = ? ORDER BY id`, coachID)
	})
}
