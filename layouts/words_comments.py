"""Words of the comments on figures (fc_): the count beside a figure, the thread panel and its forms, in Thai and
English; layouts/i18n.py adds them to its WORDS."""

COMMENT_WORDS = {
    "fc_title": ("ความเห็นต่อตัวเลข", "Comments on the figure"),
    "fc_count_title": ("{n} ความเห็น", "{n} comments"),
    "fc_none": ("ยังไม่มีความเห็นต่อตัวเลขนี้", "No comment on this figure yet"),
    "fc_new": ("แสดงความเห็นต่อตัวเลขนี้ (ข้อความล้วน)", "Comment on this figure (plain text)"),
    "fc_send": ("ส่งความเห็น", "Post comment"),
    "fc_reply": ("ตอบ", "Reply"),
    "fc_reply_placeholder": ("พิมพ์คำตอบ", "Type a reply"),
    "fc_send_reply": ("ส่งคำตอบ", "Post reply"),
    "fc_saved": ("บันทึกความเห็นแล้ว", "Comment saved"),
    "fc_not_saved": ("ไม่ได้บันทึก", "Not saved"),
    "fc_sign_in": ("เข้าสู่ระบบเพื่อแสดงความเห็น", "Sign in to comment"),
    "fc_column": ("ความเห็น", "Comments"),
    "fc_noun": ("ความเห็น", "comments"),  # after a count in a cell: "3 ความเห็น"
    "fc_withdraw": ("ถอนความเห็น", "Withdraw"),
}
