"""Words of the pages below the province (sa_: a service area's page and the province's service-area panel,
sc_: a school's page), in Thai and English; layouts/i18n.py adds them to its WORDS."""

SCHOOL_WORDS = {
    "sa_primary": ("สพป.", "Primary"),
    "sa_secondary": ("สพม.", "Secondary"),
    "sa_figure": ("ผลของเขตพื้นที่", "The service area's figure"),
    "sa_ratio_note": (
        "คำนวณจากผลรวมตัวตั้งและตัวหารของทุกโรงเรียนในเขต",
        "The sum of its schools' numerators over the sum of their denominators",
    ),
    "sa_schools_reporting": ("โรงเรียนที่รายงาน {n} จาก {of} โรงเรียน", "{n} of {of} schools reported"),
    "sa_league": ("ผลรายโรงเรียน", "Schools ranked"),
    "sa_school": ("โรงเรียน", "School"),
    "sa_not_reporting": ("โรงเรียนที่ยังไม่รายงาน", "Schools that have not reported"),
    "sa_all_reported": ("ทุกโรงเรียนรายงานแล้ว", "Every school has reported"),
    "sa_no_school_data": (
        "ยังไม่มีโรงเรียนในเขตพื้นที่นี้รายงานผลตัวชี้วัดในปีงบประมาณ {year}",
        "No school of this service area has reported any result for fiscal year {year}",
    ),
    "sa_report_by_api": ("รายงานผลรายโรงเรียนผ่าน API", "Report school results through the API"),
    "sa_or_import": ("หรือนำเข้าไฟล์ CSV ที่มีคอลัมน์", "or import a CSV file with a"),
    "sa_column_at": ("ที่หน้า", "column on the page"),
    "sa_no_schools": ("ไม่มีโรงเรียนของเขตพื้นที่นี้ในแคตตาล็อก", "The catalogue lists no school of this service area"),
    "sa_indicator_no_data": (
        "ยังไม่มีโรงเรียนรายงานตัวชี้วัดนี้ในปีงบประมาณนี้",
        "No school has reported this indicator in this fiscal year",
    ),
    "sa_with_school_data": ("ตัวชี้วัดที่โรงเรียนรายงาน", "Indicators the schools report"),
    "sa_panel_indicator": ("ผลตามตัวชี้วัด", "Figures on"),
    "sa_spans": ("ครอบคลุม", "Covers"),
    "sc_school": ("โรงเรียน", "School"),
    "sc_indicators": ("ผลตัวชี้วัดของโรงเรียน", "The school's indicators"),
    "sc_no_results": (
        "โรงเรียนนี้ยังไม่มีผลตัวชี้วัดในปีงบประมาณนี้",
        "This school has no indicator result in this fiscal year",
    ),
    "sc_trend": ("แนวโน้มรายงวด", "Trend by period"),
}
