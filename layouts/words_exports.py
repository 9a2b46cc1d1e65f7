"""Words of the exports (ex_): a table's download buttons and what they say when a file cannot be made, in Thai and
English; layouts/i18n.py adds them to its WORDS."""

EXPORT_WORDS = {
    "ex_download": ("ดาวน์โหลดตาราง", "Download the table"),
    "ex_csv_title": (
        "ดาวน์โหลดตารางตามที่แสดงเป็นไฟล์ CSV (เปิดด้วย Excel ได้)",
        "Download the table as shown, as a CSV file",
    ),
    "ex_xlsx_title": ("ดาวน์โหลดตารางตามที่แสดงเป็นไฟล์ Excel", "Download the table as shown, as an Excel file"),
    "ex_too_large": (
        "ตารางใหญ่เกินกว่าจะส่งออกได้ ({field}) กรองให้เหลือน้อยลงแล้วลองอีกครั้ง",
        "The table is too large to export ({field}); filter it down and try again",
    ),
    "ex_bad_table": ("ส่งออกไม่ได้: ข้อมูลตารางไม่ถูกต้อง ({field})", "Cannot export: the table's data is malformed ({field})"),
}
