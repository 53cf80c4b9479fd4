package storetest

func serviceCases() []testCase {
	return []testCase{
		{"RaceForLastSeats", testRaceForLastSeats},
		{"BookWithBestPass", testBookWithBestPass},
		{"CreditsNeverNegative", testCreditsNeverNegative},
		{"ExpiredPassNeverUsed", testExpiredPassNeverUsed},
		{"ReturnedCreditGoesHome", testReturnedCreditGoesHome},
		{"BookRefusals", testBookRefusals},
		{"CancelRefusals", testCancelRefusals},
		{"CancelOutsideWindow", testCancelOutsideWindow},
		{"CancelInsideWindow", testCancelInsideWindow},
		{"PaidBookingHoldAndPay", testPaidBookingHoldAndPay},
		{"HoldReleasedPromotesNext", testHoldReleasedPromotesNext},
		{"PromotionWithoutPass", testPromotionWithoutPass},
		{"CoachCancelsSession", testCoachCancelsSession},
		{"Reschedule", testReschedule},
		{"RescheduleKeepsOldSeatOnFailure", testRescheduleKeepsOldSeatOnFailure},
		{"DeductAtCompletion", testDeductAtCompletion},
		{"BuyPackage", testBuyPackage},
		{"AdjustCredits", testAdjustCredits},
		{"AuditTrail", testAuditTrail},
	}
}
