"""Words of the forecast and the what-if (fc_, wi_) on the indicator and province pages, in Thai and English;
layouts/i18n.py adds them to its WORDS."""

FORECAST_WORDS = {
    "fc_projected": ("คาดการณ์สิ้นปีงบ", "Projected at FY end"),
    "fc_on_course": ("ตามเป้า", "On course"),
    "fc_at_risk": ("เสี่ยงไม่ถึงเป้า", "At risk"),
    "fc_uncertain": ("ไม่แน่นอน (ช่วงคาดการณ์คร่อมเป้า)", "Uncertain (range straddles the target)"),
    "fc_not_enough": ("ข้อมูลยังไม่พอคาดการณ์", "Not enough periods to project"),
    "fc_no_target": ("ไม่มีค่าเป้าหมาย", "No target"),
    "fc_range": ("ช่วง", "range"),
    "fc_method_flow": (
        "วิธีคาดการณ์: ยอดสะสมตั้งแต่ต้นปี ÷ จำนวนรอบที่รายงาน × จำนวนรอบทั้งปี ช่วงคาดการณ์จากรอบที่ต่ำสุดและสูงสุด",
        "Method: the year-to-date total ÷ periods reported × periods in the year; the range from the lowest and "
        "highest period so far",
    ),
    "fc_method_level": (
        "วิธีคาดการณ์: เส้นแนวโน้ม (กำลังสองน้อยที่สุด) ของรอบที่รายงานแล้วในปีนี้ ต่อไปถึงรอบสุดท้ายของปี "
        "ช่วงคาดการณ์ ± ระยะห่างมากที่สุดของรอบใดจากเส้น",
        "Method: the least-squares line through this year's periods so far, extended to the year's last period; "
        "range ± the largest distance of a period from the line",
    ),
    "fc_method_none": (
        "ต้องมีผลอย่างน้อย 2 รอบในปีงบประมาณจึงคาดการณ์ได้ (ตัวชี้วัดรายปีไม่คาดการณ์)",
        "A projection needs at least 2 periods of the fiscal year (a yearly indicator is not projected)",
    ),
    "fc_note": (
        "คาดการณ์สิ้นปีงบ: ยอดนับสะสมคิดตามอัตราเฉลี่ยต่อรอบ ค่าอื่นตามเส้นแนวโน้มของรอบในปีนี้ พร้อมช่วงจากรอบที่ผ่านมา (ต้องมีอย่างน้อย 2 รอบ)",
        "Projected at FY end: a running count at its average per period, other figures on the line through this "
        "year's periods, with a range from the periods so far (at least 2 periods)",
    ),
    "fc_from_periods": ("จาก {n} รอบ ของ {total} รอบ", "from {n} of {total} periods"),
    "fc_line": ("คาดการณ์", "Projection"),
    "fc_provinces": ("จังหวัดที่คาดว่าตามเป้า / เสี่ยง / ไม่แน่นอน", "Provinces on course / at risk / uncertain"),
    "wi_title": ("สมมติ: ปรับค่าเป้าหมาย", "What-if: move the target"),
    "wi_intro": (
        "ลองปรับค่าเป้าหมายระดับประเทศของปีนี้ สถานะของทุกจังหวัด (แผนที่ ตารางอันดับ และจำนวน) จะคำนวณใหม่ทันที "
        "ไม่มีการบันทึกใดๆ เป้าหมายของทุกพื้นที่เลื่อนตามเป้าระดับประเทศ (อัตรา: เท่ากัน ยอดนับ: สัดส่วนเดียวกัน) "
        "ปรับช่วงเหลืองและช่วงส้ม (ระยะห่างจากเป้าหมาย) เพื่อดูสถานะด้วยเกณฑ์อื่นได้เช่นกัน",
        "Try another national target for this year: every province's status (map, league, counts) is recomputed "
        "at once, and nothing is saved. Every area's target moves with the national one (a rate by the same "
        "amount, a count by the same share). The yellow and orange gaps (distances from the target) can be moved "
        "too, to see the statuses under other thresholds",
    ),
    "wi_target": ("ค่าเป้าหมายสมมติ", "What-if target"),
    "wi_target_range": ("ขอบล่างของช่วงเป้าหมายสมมติ (ทั้งช่วงเลื่อนตาม)", "What-if lower bound (the band moves with it)"),
    "wi_yellow_gap": ("ช่วงเหลืองสมมติ", "What-if yellow gap"),
    "wi_orange_gap": ("ช่วงส้มสมมติ", "What-if orange gap"),
    "wi_gap_share": ("% ของเป้าหมาย", "% of the target"),
    "wi_stored_gaps": ("ช่วงเหลือง / ส้มที่บันทึกไว้", "Stored yellow / orange gaps"),
    "wi_gap_bad": (
        "ช่วงส้มต้องไม่น้อยกว่าช่วงเหลือง และไม่ติดลบ: ยังใช้ช่วงที่บันทึกไว้",
        "The orange gap must be at least the yellow gap, neither negative: the stored gaps still apply",
    ),
    "wi_stored": ("ค่าเป้าหมายที่บันทึกไว้", "Stored target"),
    "wi_reset": ("คืนค่าเป้าหมายเดิม", "Reset"),
    "wi_active": ("สมมติ — ไม่ได้บันทึก", "What-if, not saved"),
    "wi_counts": ("จำนวนจังหวัดตามสถานะ", "Provinces by status"),
    "wi_no_target": (
        "ตัวชี้วัดนี้ยังไม่มีค่าเป้าหมายระดับประเทศในปีนี้",
        "This indicator has no national target this year",
    ),
}
