"""Interface words in Thai (the default) and English. Names of places and indicators come from the data."""

WORDS = {
    "app_title": ("ห้องปฏิบัติการบริหาร กระทรวงศึกษาธิการ", "Ministry of Education Management Cockpit"),
    "demo_banner": ("ข้อมูลสาธิต — ไม่ใช่ข้อมูลจริง", "DEMO DATA — not real figures"),
    "nation": ("ประเทศ", "Nation"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "target": ("เป้าหมาย", "Target"),
    "updated": ("ปรับปรุงข้อมูล", "Data updated"),
    "green": ("บรรลุค่าเป้าหมาย", "Met target"),
    "yellow": ("ต่ำกว่าค่าเป้าหมาย", "Below target"),
    "orange": ("เสี่ยง", "At risk"),
    "red": ("วิกฤติ", "Critical"),
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "no_target": ("ไม่มีค่าเป้าหมาย", "No target"),
    "key_indicators": ("ตัวชี้วัดร่วมหลัก", "Key joint indicators"),
    "not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
    "chain": ("ห่วงโซ่ XYZ", "XYZ chain"),
    "crises": ("ภาวะวิกฤติ", "Crises"),
    "region_scheme": ("การแบ่งภาค", "Regions"),
    "goals": ("เป้าหมายตามห่วงโซ่ XYZ", "Goals of the XYZ chain"),
    "regions_ranked": ("ลำดับ ศธภ. ตามตัวชี้วัด", "Regions ranked on the indicator"),
    "active_crises": ("ภาวะวิกฤติที่ยังไม่ปิด", "Open crises"),
    "map_by_province": ("แผนที่รายจังหวัด", "Map by province"),
    "map_status": ("สถานะ", "Status"),
    "map_value": ("ค่า", "Value"),
    "indicator": ("ตัวชี้วัด", "Indicator"),
    "rank": ("ลำดับ", "Rank"),
    "value": ("ค่า", "Value"),
    "status": ("สถานะ", "Status"),
    "on_target": ("ตัวชี้วัดที่บรรลุเป้า", "Indicators on target"),
    "no_crises": ("ไม่มีภาวะวิกฤติที่ยังไม่ปิด", "No open crises"),
    "provinces_reporting": ("จังหวัดที่รายงาน", "Provinces reporting"),
    "trend": ("แนวโน้ม", "Trend"),
}


def t(key: str, lang: str) -> str:
    th, en = WORDS[key]
    return en if lang == "en" else th


def short_name(row: dict, lang: str) -> str:
    """A region's name short enough for a chart label: 'ศธภ. 2' / 'REO 2'."""
    return (name(row, lang).replace("สำนักงานศึกษาธิการภาค", "ศธภ.").replace("Regional Education Office", "REO"))


def name(row: dict, lang: str, field: str = "name") -> str:
    """The Thai or English name of a data row (falls back to Thai when English is missing)."""
    return (row.get(f"{field}_en") if lang == "en" else None) or row[f"{field}_th"]
