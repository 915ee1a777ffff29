<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
  <context>
    <name>counter_app</name>
    <message>
      <source>(không ghi được tệp báo cáo; xem nhật ký)</source>
      <translation>(the report file could not be written; see the log)</translation>
    </message>
    <message>
      <source>Lỗi chương trình</source>
      <translation>Program error</translation>
    </message>
    <message>
      <source>Tiếp tục làm việc</source>
      <translation>Keep working</translation>
    </message>
    <message>
      <source>Đóng chương trình</source>
      <translation>Close the program</translation>
    </message>
    <message>
      <source>Chương trình gặp một lỗi không mong đợi. Dữ liệu đang nhập đã được lưu lại và sẽ hiện lại khi mở chương trình. Hãy gửi tệp báo cáo lỗi dưới đây cho bộ phận hỗ trợ:</source>
      <translation>The program hit an unexpected error. What you were typing has been saved and will come back when the program opens. Please send the error report below to support:</translation>
    </message>
    <message>
      <source>Chương trình đang mở</source>
      <translation>The program is already open</translation>
    </message>
    <message>
      <source>Quầy Một Cửa đang chạy trên máy này với cùng dữ liệu. Hãy dùng cửa sổ đang mở (xem trên thanh tác vụ); nếu vừa đóng, xin chờ vài giây rồi mở lại.</source>
      <translation>Quầy Một Cửa is already running on this computer with the same data. Use the open window (see the taskbar); if you have just closed it, wait a few seconds and start it again.</translation>
    </message>
    <message>
      <source>Chưa có cấu hình của quầy</source>
      <translation>The counter is not configured</translation>
    </message>
    <message>
      <source>Trợ giúp → Giới thiệu: phiên bản, thư mục dữ liệu và nhật ký.</source>
      <translation>Help → About: version, data folder and log folder.</translation>
    </message>
    <message>
      <source>Mỗi tiếp nhận, trả kết quả, hẹn lại… là một sự kiện gửi lên máy chủ tỉnh.</source>
      <translation>Each reception, hand-over, new date… is an event sent to the provincial server.</translation>
    </message>
    <message>
      <source>Mất mạng vẫn làm việc bình thường: sự kiện chờ và tự gửi khi có mạng lại.</source>
      <translation>Without a connection work goes on as usual: events wait and are sent when the link is back.</translation>
    </message>
    <message>
      <source>Sự kiện bị tỉnh từ chối: đọc lý do, sửa nguyên nhân rồi «Gửi lại mục đã chọn»; hoặc người phụ trách «Loại bỏ…» kèm lý do.</source>
      <translation>An event the province refused: read the reason, fix the cause, then «Resend selected»; or a supervisor discards it («Discard selected…») with a reason.</translation>
    </message>
    <message>
      <source>Chưa đăng ký: bấm «Đăng ký máy chủ…» và nhập mã đăng ký do tỉnh cấp.</source>
      <translation>Not enrolled yet: press «Enrol with server…» and enter the enrolment code from the province.</translation>
    </message>
    <message>
      <source>Tiếp nhận hồ sơ</source>
      <translation>Dossier received</translation>
    </message>
    <message>
      <source>Tra cứu, trả kết quả</source>
      <translation>Look up, return</translation>
    </message>
    <message>
      <source>Sổ theo dõi hồ sơ</source>
      <translation>Dossier ledger</translation>
    </message>
    <message>
      <source>Bảng đồng bộ</source>
      <translation>Sync console</translation>
    </message>
    <message>
      <source>Gõ mã hoặc tên thủ tục (không dấu cũng được), Enter để chọn thủ tục đầu danh sách.</source>
      <translation>Type the procedure's code or name (without accents is fine); Enter picks the first one in the list.</translation>
    </message>
    <message>
      <source>Quét mã QR trên thẻ CCCD (hoặc F6 rồi quét): họ tên, số CCCD, ngày sinh, giới tính, địa chỉ được điền sẵn. Enter chuyển sang ô tiếp theo.</source>
      <translation>Scan the QR code of the citizen ID card (or F6, then scan): name, ID number, date of birth, sex and address are filled in. Enter moves to the next field.</translation>
    </message>
    <message>
      <source>Đánh dấu giấy tờ đã nhận, kiểm tra ngày hẹn trả, rồi Ctrl+P để tiếp nhận và in.</source>
      <translation>Tick the documents received, check the return date, then Ctrl+P to accept and print.</translation>
    </message>
    <message>
      <source>Thiếu giấy tờ: ghi lý do, bấm «Yêu cầu bổ sung»; không đủ điều kiện: «Từ chối».</source>
      <translation>Documents missing: write the reason, press «Request supplement»; not eligible: «Refuse».</translation>
    </message>
    <message>
      <source>Quét mã vạch trên giấy tiếp nhận, hoặc gõ mã, số CCCD, tên, số điện thoại.</source>
      <translation>Scan the barcode on the receipt, or type the code, ID number, name or phone number.</translation>
    </message>
    <message>
      <source>Chọn hồ sơ trong danh sách để xem chi tiết và quá trình giải quyết.</source>
      <translation>Pick a dossier in the list to see its details and history.</translation>
    </message>
    <message>
      <source>Trả kết quả: kiểm tra người nhận và số CCCD, bấm «Trả kết quả».</source>
      <translation>Hand over the result: check the collector and their ID number, press «Return result».</translation>
    </message>
    <message>
      <source>Chậm trả: ghi ngày, giờ hẹn mới và lý do, bấm «In phiếu xin lỗi và hẹn lại».</source>
      <translation>Late: enter the new date, time and reason, press «Print apology with new date».</translation>
    </message>
    <message>
      <source>Công dân làm mất giấy tiếp nhận: «In lại giấy tiếp nhận». Hồ sơ chuyển đi giải quyết: «In phiếu kiểm soát» (kèm theo hồ sơ).</source>
      <translation>A citizen lost the receipt: «Reprint receipt». A dossier sent on for processing: «Print control slip» (it goes with the dossier).</translation>
    </message>
    <message>
      <source>Hồ sơ rút hoặc dừng giải quyết: «In thông báo dừng giải quyết» (nút chỉ hiện với các hồ sơ này).</source>
      <translation>A withdrawn or stopped dossier: «Print notice of stopping» (the button shows only for these dossiers).</translation>
    </message>
    <message>
      <source>Ghi sai họ tên, số CCCD, địa chỉ…: «Hiệu chỉnh thông tin người nộp…», ghi lý do, lưu rồi in lại giấy tiếp nhận.</source>
      <translation>A wrong name, ID number, address…: «Correct applicant's details…», give the reason, save, then reprint the receipt.</translation>
    </message>
    <message>
      <source>Tiếp nhận nhầm (sai thủ tục, trùng hồ sơ): «Hủy hồ sơ…» và ghi lý do; mã hồ sơ giữ lại, không cấp lại.</source>
      <translation>Received by mistake (wrong procedure, duplicate dossier): «Void dossier…» with the reason; the code is kept and never reissued.</translation>
    </message>
    <message>
      <source>Chọn khoảng ngày, trạng thái, thủ tục (hoặc chỉ hồ sơ quá hạn), bấm «Xem».</source>
      <translation>Choose the dates, status, procedure (or only overdue dossiers), press «Show».</translation>
    </message>
    <message>
      <source>Số thứ tự là số trong sổ của năm, như trên giấy tiếp nhận.</source>
      <translation>The number is the dossier's number in the year's ledger, as on its receipt.</translation>
    </message>
    <message>
      <source>«In sổ theo dõi hồ sơ» in đúng danh sách đang xem (khổ A4 ngang).</source>
      <translation>«Print ledger» prints the list shown (A4 landscape).</translation>
    </message>
    <message>
      <source>Dòng tô đỏ: quá hạn; tô vàng: đến hạn hôm nay.</source>
      <translation>Red rows: overdue; yellow rows: due today.</translation>
    </message>
    <message>
      <source>Chương trình</source>
      <translation>Program</translation>
    </message>
    <message>
      <source>Thư mục dữ liệu</source>
      <translation>Data folder</translation>
    </message>
    <message>
      <source>Thư mục nhật ký</source>
      <translation>Log folder</translation>
    </message>
    <message>
      <source>Giới thiệu Quầy Một Cửa</source>
      <translation>About Quầy Một Cửa</translation>
    </message>
    <message>
      <source>Khi gọi hỗ trợ, hãy đọc hoặc gửi các thông tin trên.</source>
      <translation>When you call support, read out or send the details above.</translation>
    </message>
    <message>
      <source>Đã sao chép</source>
      <translation>Copied</translation>
    </message>
    <message>
      <source>Chọn thủ tục; trong ô thông tin người nộp: sang ô tiếp theo</source>
      <translation>Pick the procedure; in the applicant's fields: next field</translation>
    </message>
    <message>
      <source>Ô quét mã QR trên thẻ CCCD</source>
      <translation>Field for scanning the ID card's QR code</translation>
    </message>
    <message>
      <source>Dùng thông tin người nộp đã biết (khi có gợi ý)</source>
      <translation>Use the known applicant's details (when offered)</translation>
    </message>
    <message>
      <source>Đánh dấu giấy tờ đã nhận (trong danh sách giấy tờ)</source>
      <translation>Tick a document as received (in the document list)</translation>
    </message>
    <message>
      <source>Đã nhận tất cả giấy tờ (trong danh sách giấy tờ)</source>
      <translation>All documents received (in the document list)</translation>
    </message>
    <message>
      <source>Tiếp nhận và in giấy tiếp nhận</source>
      <translation>Accept and print the receipt</translation>
    </message>
    <message>
      <source>Sang ô tiếp theo</source>
      <translation>Next field</translation>
    </message>
    <message>
      <source>Tìm (máy quét tự gửi Enter sau mã)</source>
      <translation>Search (a scanner sends Enter after the code)</translation>
    </message>
    <message>
      <source>Chọn hồ sơ trong danh sách kết quả</source>
      <translation>Pick a dossier in the results</translation>
    </message>
    <message>
      <source>Xem (trong ô ngày)</source>
      <translation>Show (in a date box)</translation>
    </message>
    <message>
      <source>Nhấp đúp</source>
      <translation>Double-click</translation>
    </message>
    <message>
      <source>Mở hồ sơ ở màn hình Tra cứu</source>
      <translation>Open the dossier on the Lookup screen</translation>
    </message>
    <message>
      <source>Đồng bộ ngay</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <source>Đóng bảng đồng bộ</source>
      <translation>Close the sync console</translation>
    </message>
    <message>
      <source>Hướng dẫn này (bấm lại để đóng)</source>
      <translation>This guide (press again to close)</translation>
    </message>
    <message>
      <source>Tệp cấu hình</source>
      <translation>Settings file</translation>
    </message>
    <message>
      <source>Sao chép</source>
      <translation>Copy</translation>
    </message>
    <message>
      <source>Phím tắt</source>
      <translation>Keys</translation>
    </message>
    <message>
      <source>Hướng dẫn</source>
      <translation>Guide</translation>
    </message>
    <message>
      <source>Ở mọi màn hình</source>
      <translation>On every screen</translation>
    </message>
    <message>
      <source>tiếp nhận và trả kết quả hồ sơ</source>
      <translation>receiving dossiers and returning results</translation>
    </message>
    <message>
      <source>Mật khẩu không đúng. Hãy kiểm tra chữ hoa/thường và bộ gõ tiếng Việt.</source>
      <translation>Wrong password. Check Caps Lock and the Vietnamese input method.</translation>
    </message>
    <message>
      <source>Tiếp nhận (F2)</source>
      <translation>Receive (F2)</translation>
    </message>
    <message>
      <source>Tra cứu, trả kết quả (F3)</source>
      <translation>Look up, return (F3)</translation>
    </message>
    <message>
      <source>Sổ theo dõi (F4)</source>
      <translation>Ledger (F4)</translation>
    </message>
    <message>
      <source>Hệ thống</source>
      <translation>System</translation>
    </message>
    <message>
      <source>Cài đặt…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <source>Nhật ký thao tác…</source>
      <translation>Audit trail…</translation>
    </message>
    <message>
      <source>Đổi người</source>
      <translation>Switch person</translation>
    </message>
    <message>
      <source>Đăng xuất</source>
      <translation>Sign-out</translation>
    </message>
    <message>
      <source>Trợ giúp</source>
      <translation>Help</translation>
    </message>
    <message>
      <source>Hướng dẫn màn hình này</source>
      <translation>Guide to this screen</translation>
    </message>
    <message>
      <source>Giới thiệu…</source>
      <translation>About…</translation>
    </message>
    <message>
      <source>(chưa ghi tên)</source>
      <translation>(no name yet)</translation>
    </message>
    <message>
      <source>chưa chọn thủ tục</source>
      <translation>no procedure chosen</translation>
    </message>
    <message>
      <source>Bỏ hồ sơ đang nhập?</source>
      <translation>Discard the dossier being entered?</translation>
    </message>
    <message>
      <source>Bỏ, nhập hồ sơ mới</source>
      <translation>Discard, start a new dossier</translation>
    </message>
    <message>
      <source>Tiếp tục nhập</source>
      <translation>Keep entering</translation>
    </message>
    <message>
      <source>Không thực hiện được</source>
      <translation>Could not be done</translation>
    </message>
    <message>
      <source>Quầy Một Cửa — </source>
      <translation>OneStop Counter — </translation>
    </message>
    <message>
      <source>Đồng bộ: chưa kết nối máy chủ tỉnh</source>
      <translation>Sync: not connected to the provincial server</translation>
    </message>
    <message>
      <source>Hai lần nhập mật khẩu mới không giống nhau.</source>
      <translation>The two new passwords typed differ.</translation>
    </message>
    <message>
      <source>Chỉ lãnh đạo trung tâm hoặc quản trị xem nhật ký thao tác.</source>
      <translation>Only the center's supervisor or an admin may see the audit trail.</translation>
    </message>
    <message>
      <source>Đã lưu cấu hình. Ngôn ngữ, giờ làm việc và múi giờ có hiệu lực khi mở lại chương trình.</source>
      <translation>Settings saved. Language, office hours and time zone take effect when the program is reopened.</translation>
    </message>
    <message>
      <source>Đã sao lưu dữ liệu hôm nay.</source>
      <translation>Today's backup is done.</translation>
    </message>
    <message>
      <source>In lại bằng nút «In sổ theo dõi» ở màn hình Sổ theo dõi (F4).</source>
      <translation>Print it again with «Print ledger» on the Ledger screen (F4).</translation>
    </message>
    <message>
      <source>Quầy</source>
      <translation>Counter</translation>
    </message>
    <message>
      <source>Dữ liệu của quầy đang được mở, xin thử lại sau giây lát.</source>
      <translation>The counter's data is still opening; please try again in a moment.</translation>
    </message>
    <message>
      <source>Chờ gửi lên tỉnh</source>
      <translation>Waiting to send</translation>
    </message>
    <message>
      <source>Kết quả chờ trả</source>
      <translation>Results ready</translation>
    </message>
    <message>
      <source>hẹn trả</source>
      <translation>due</translation>
    </message>
    <message>
      <source>Hồ sơ đang nhập ({applicant}, {procedure}) chưa được tiếp nhận. Bỏ những gì đã nhập để nhập hồ sơ mới?</source>
      <translation>The dossier being entered ({applicant}, {procedure}) has not been received. Discard what was typed and start a new dossier?</translation>
    </message>
    <message>
      <source>Cán bộ</source>
      <translation>Clerk</translation>
    </message>
    <message>
      <source>Sổ theo dõi hồ sơ từ {first} đến {last}</source>
      <translation>Dossier ledger from {first} to {last}</translation>
    </message>
    <message>
      <source>(chưa đăng nhập)</source>
      <translation>(nobody signed in)</translation>
    </message>
    <message>
      <source>(chưa đặt)</source>
      <translation>(not set)</translation>
    </message>
    <message>
      <source>(Máy in mặc định của máy tính)</source>
      <translation>(The computer's default printer)</translation>
    </message>
    <message>
      <source>Cài đặt quầy</source>
      <translation>Counter settings</translation>
    </message>
    <message>
      <source>Mã cơ quan</source>
      <translation>Agency code</translation>
    </message>
    <message>
      <source>Tên cơ quan</source>
      <translation>Agency name</translation>
    </message>
    <message>
      <source>Địa danh</source>
      <translation>Place name</translation>
    </message>
    <message>
      <source>Số quầy</source>
      <translation>Counter number</translation>
    </message>
    <message>
      <source>Cán bộ tiếp nhận</source>
      <translation>Clerk on duty</translation>
    </message>
    <message>
      <source>Giờ làm việc</source>
      <translation>Office hours</translation>
    </message>
    <message>
      <source>Múi giờ</source>
      <translation>Time zone</translation>
    </message>
    <message>
      <source>Máy in giấy tiếp nhận</source>
      <translation>Receipt printer</translation>
    </message>
    <message>
      <source>Khổ giấy tiếp nhận</source>
      <translation>Receipt paper</translation>
    </message>
    <message>
      <source>Máy in phiếu A4 và sổ theo dõi</source>
      <translation>Printer for A4 forms and the ledger</translation>
    </message>
    <message>
      <source>Bộ biểu mẫu</source>
      <translation>Form set</translation>
    </message>
    <message>
      <source>Địa chỉ tra cứu (mã QR)</source>
      <translation>Lookup address (QR code)</translation>
    </message>
    <message>
      <source>Số bản sao lưu giữ lại</source>
      <translation>Backups to keep</translation>
    </message>
    <message>
      <source>Ngôn ngữ</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>Tôi xác nhận đổi mã cơ quan hoặc số quầy (số hồ sơ mới sẽ theo số quầy mới)</source>
      <translation>I confirm the change of agency code or counter number (new dossier numbers will follow the new counter number)</translation>
    </message>
    <message>
      <source>Đăng ký máy chủ tỉnh…</source>
      <translation>Enrol with the provincial server…</translation>
    </message>
    <message>
      <source>Mã cơ quan hoặc số quầy đã thay đổi: hãy đánh dấu ô xác nhận. Mỗi quầy của trung tâm phải có số riêng.</source>
      <translation>The agency code or counter number changed: tick the confirmation box. Every counter of a center needs its own number.</translation>
    </message>
    <message>
      <source>không tìm thấy trên máy này</source>
      <translation>not found on this computer</translation>
    </message>
    <message>
      <source>Tên đăng nhập</source>
      <translation>Login</translation>
    </message>
    <message>
      <source>Mật khẩu</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>Mật khẩu mới</source>
      <translation>New password</translation>
    </message>
    <message>
      <source>Nhập lại mật khẩu mới</source>
      <translation>New password again</translation>
    </message>
    <message>
      <source>Đổi mật khẩu</source>
      <translation>Change password</translation>
    </message>
    <message>
      <source>Đăng nhập</source>
      <translation>Sign-in</translation>
    </message>
    <message>
      <source>Đổi người: người làm việc tiếp đăng nhập bằng tài khoản của mình.</source>
      <translation>Switch person: the person taking over signs in with their own account.</translation>
    </message>
    <message>
      <source>Màn hình đã khóa</source>
      <translation>Screen locked</translation>
    </message>
    <message>
      <source>Màn hình đã khóa vì không thao tác. Nhập mật khẩu để làm việc tiếp.</source>
      <translation>The screen locked after a time without activity. Type your password to go on working.</translation>
    </message>
    <message>
      <source>Hãy đăng nhập bằng tài khoản của mình.</source>
      <translation>Sign in with your own account.</translation>
    </message>
    <message>
      <source>Chưa nhập tên đăng nhập.</source>
      <translation>No login typed.</translation>
    </message>
    <message>
      <source>Chưa nhập mật khẩu.</source>
      <translation>No password typed.</translation>
    </message>
    <message>
      <source>Mở khóa</source>
      <translation>Unlocked</translation>
    </message>
    <message>
      <source>Chào {name}. Mật khẩu vừa nhập là mật khẩu dùng một lần: hãy đặt mật khẩu mới (ít nhất 8 ký tự, khác tên đăng nhập) rồi làm việc.</source>
      <translation>Hello {name}. That was a one-time password: set a new password (at least 8 characters, not your login) before working.</translation>
    </message>
    <message>
      <source>Đã khôi phục dữ liệu. Tệp cũ được cất tại:</source>
      <translation>Data restored. The old file was moved to:</translation>
    </message>
    <message>
      <source>Khôi phục bản sao lưu gần nhất…</source>
      <translation>Restore the latest backup…</translation>
    </message>
    <message>
      <source>Khôi phục dữ liệu</source>
      <translation>Restore data</translation>
    </message>
    <message>
      <source>Tệp hỏng được cất vào thư mục sao lưu, không bị xóa. Hồ sơ tiếp nhận sau thời điểm sao lưu không còn trên máy này: nếu đã đồng bộ, chúng vẫn có trên máy chủ tỉnh; nếu chưa, phải nhập lại. Tiếp tục?</source>
      <translation>The damaged file is moved to the backup folder, not deleted. Dossiers received after the backup was taken will no longer be on this computer: if they were synced, the provincial server still has them; if not, they must be entered again. Continue?</translation>
    </message>
    <message>
      <source>Thử mở lại dữ liệu</source>
      <translation>Try opening the data again</translation>
    </message>
    <message>
      <source>Khôi phục dữ liệu của quầy từ bản sao lưu:</source>
      <translation>Restore the counter's data from the backup:</translation>
    </message>
    <message>
      <source>Không mở được dữ liệu của quầy. Chưa thể tiếp nhận hồ sơ.</source>
      <translation>The counter's data could not be opened. Dossiers cannot be received yet.</translation>
    </message>
    <message>
      <source>Nhật ký thao tác</source>
      <translation>Audit trail</translation>
    </message>
    <message>
      <source>Tài khoản hoặc họ tên</source>
      <translation>Login or name</translation>
    </message>
    <message>
      <source>Mọi thao tác</source>
      <translation>All actions</translation>
    </message>
    <message>
      <source>Xuất nhật ký thao tác</source>
      <translation>Export the audit trail</translation>
    </message>
    <message>
      <source>Xem</source>
      <translation>Show</translation>
    </message>
    <message>
      <source>Xuất CSV…</source>
      <translation>Export CSV…</translation>
    </message>
    <message>
      <source>Kiểm tra toàn vẹn</source>
      <translation>Check integrity</translation>
    </message>
    <message>
      <source>Người thực hiện</source>
      <translation>Done by</translation>
    </message>
    <message>
      <source>Từ ngày</source>
      <translation>From</translation>
    </message>
    <message>
      <source>đến ngày</source>
      <translation>to</translation>
    </message>
    <message>
      <source>Đến ngày</source>
      <translation>To</translation>
    </message>
    <message>
      <source>Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.</source>
      <translation>The end date must be on or after the start date.</translation>
    </message>
    <message>
      <source>chỉ hiện</source>
      <translation>showing only</translation>
    </message>
    <message>
      <source>Số mục</source>
      <translation>Entries</translation>
    </message>
    <message>
      <source>Đã xuất</source>
      <translation>Exported</translation>
    </message>
    <message>
      <source>mục vào tệp</source>
      <translation>entries to the file</translation>
    </message>
    <message>
      <source>Lý do hủy</source>
      <translation>Reason for voiding</translation>
    </message>
    <message>
      <source>Hủy hồ sơ này</source>
      <translation>Void this dossier</translation>
    </message>
    <message>
      <source>Hủy hồ sơ tiếp nhận nhầm</source>
      <translation>Void a dossier received in error</translation>
    </message>
    <message>
      <source>Ví dụ: tiếp nhận nhầm thủ tục, nhầm người nộp</source>
      <translation>E.g. wrong procedure, wrong applicant</translation>
    </message>
    <message>
      <source>Lý do điều chỉnh</source>
      <translation>Reason for the correction</translation>
    </message>
    <message>
      <source>Lưu điều chỉnh</source>
      <translation>Save the correction</translation>
    </message>
    <message>
      <source>Hiệu chỉnh thông tin người nộp</source>
      <translation>Applicant's details corrected</translation>
    </message>
    <message>
      <source>Ví dụ: gõ nhầm tên, ghi sai số CCCD</source>
      <translation>E.g. name mistyped, wrong ID number</translation>
    </message>
    <message>
      <source>Đóng, không thay đổi</source>
      <translation>Close without changes</translation>
    </message>
    <message>
      <source>Chưa sửa ô nào: thông tin đang giống hệt thông tin đã ghi trên hồ sơ.</source>
      <translation>No field was changed: the details are the same as those recorded on the dossier.</translation>
    </message>
    <message>
      <source>Hủy hồ sơ không hoàn tác được. Mã {code} được giữ lại với trạng thái ĐÃ HỦY và không bao giờ được cấp lại cho hồ sơ khác; hệ thống tỉnh được báo hủy ở lần đồng bộ tới. Hồ sơ đã hủy không trả kết quả, không hẹn lại được; giấy tờ in lại của hồ sơ ghi ĐÃ HỦY. Nếu chỉ ghi sai thông tin người nộp, hãy dùng «Hiệu chỉnh thông tin người nộp» thay vì hủy.</source>
      <translation>Voiding cannot be undone. Code {code} is kept with the status VOIDED (ĐÃ HỦY) and never issued to another dossier; the province is told at the next sync. A voided dossier cannot have its result returned or a new appointment; its reprinted papers say ĐÃ HỦY. If only the applicant's details are wrong, use «Correct the applicant's details» instead.</translation>
    </message>
    <message>
      <source>Sửa các ô ghi sai rồi ghi lý do. Thông tin được kiểm tra như khi tiếp nhận; lịch sử hồ sơ ghi lại thông tin cũ, mới và người điều chỉnh, hệ thống tỉnh nhận điều chỉnh ở lần đồng bộ tới. Sau khi lưu, in lại cho công dân bằng nút «{button}» của màn hình Tra cứu.</source>
      <translation>Fix the wrong fields, then give the reason. The details are checked as at reception; the dossier's history keeps the old and new details and who corrected them, and the province receives the correction at the next sync. After saving, reprint for the citizen with the «{button}» button on the Look up screen.</translation>
    </message>
    <message>
      <source>Người nộp</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>chưa đặt cán bộ trực. Ghi tên ở Hệ thống → Cài đặt… (Cán bộ tiếp nhận) rồi thử lại.</source>
      <translation>no clerk on duty is set. Enter the name in System → Settings… (Receiving clerk) and try again.</translation>
    </message>
    <message>
      <source>Đã hủy hồ sơ {code}; mã được giữ lại, không cấp lại.</source>
      <translation>Dossier {code} voided; the code is kept and never reissued.</translation>
    </message>
    <message>
      <source>Đã hiệu chỉnh hồ sơ {code} ({fields}). In lại cho công dân bằng nút «{button}» của màn hình Tra cứu.</source>
      <translation>Dossier {code} corrected ({fields}). Reprint for the citizen with the «{button}» button on the Look up screen.</translation>
    </message>
    <message>
      <source>Không quy định thời hạn cụ thể</source>
      <translation>No fixed time limit</translation>
    </message>
    <message>
      <source>Trong ngày làm việc</source>
      <translation>Within the working day</translation>
    </message>
    <message>
      <source>{n} giờ làm việc</source>
      <translation>{n} working hours</translation>
    </message>
    <message>
      <source>Hẹn lại ngày trả: {new} (hẹn cũ {old}). Lý do: {reason}</source>
      <translation>New return date: {new} (previously {old}). Reason: {reason}</translation>
    </message>
    <message>
      <source>Điều chỉnh thông tin người nộp ({fields}). Lý do: {reason}</source>
      <translation>Applicant's details corrected ({fields}). Reason: {reason}</translation>
    </message>
    <message>
      <source>Người nhận: {name}</source>
      <translation>Collected by: {name}</translation>
    </message>
    <message>
      <source>Hủy mã hồ sơ: {reason}</source>
      <translation>Dossier code voided: {reason}</translation>
    </message>
    <message>
      <source>{n} ngày làm việc</source>
      <translation>{n} working days</translation>
    </message>
    <message>
      <source>Trong ngày (nhận sau {cutoff} trả trong ngày làm việc tiếp theo)</source>
      <translation>Same day (received after {cutoff}: returned the next working day)</translation>
    </message>
    <message>
      <source>dd/mm/yyyy</source>
      <translation>dd/mm/yyyy</translation>
    </message>
    <message>
      <source>Mọi trạng thái</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <source>Mọi thủ tục</source>
      <translation>All procedures</translation>
    </message>
    <message>
      <source>Chỉ hồ sơ quá hạn</source>
      <translation>Overdue only</translation>
    </message>
    <message>
      <source>In sổ theo dõi hồ sơ</source>
      <translation>Print ledger</translation>
    </message>
    <message>
      <source>Số thứ tự trong sổ theo dõi hồ sơ của năm, như trên giấy tiếp nhận</source>
      <translation>Number in the year's dossier ledger, as on the receipt</translation>
    </message>
    <message>
      <source>ĐÃ HỦY</source>
      <translation>VOIDED</translation>
    </message>
    <message>
      <source>Tổng số</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>quá hạn</source>
      <translation>overdue</translation>
    </message>
    <message>
      <source>đến hạn hôm nay</source>
      <translation>due today</translation>
    </message>
    <message>
      <source>Gợi ý sẵn: ngày làm việc đầu tiên sau ngày hẹn cũ, cùng giờ hẹn. Chỉ nhận ngày và giờ làm việc của trung tâm.</source>
      <translation>Offered: the first working day after the old appointment, at the same hour. Only the center's working days and hours are accepted.</translation>
    </message>
    <message>
      <source>Quét mã vạch trên giấy tiếp nhận, hoặc gõ mã, số CCCD, tên, số điện thoại</source>
      <translation>Scan the receipt's barcode, or type a code, ID number, name or phone number</translation>
    </message>
    <message>
      <source>Hồ sơ của trung tâm đã xử lý xong, chờ trả cho công dân (mọi quầy)</source>
      <translation>The center's dossiers processed and waiting to be handed to the citizen (any counter)</translation>
    </message>
    <message>
      <source>HH:MM</source>
      <translation>HH:MM</translation>
    </message>
    <message>
      <source>Trả kết quả</source>
      <translation>Return result</translation>
    </message>
    <message>
      <source>Người nhận</source>
      <translation>Collected by</translation>
    </message>
    <message>
      <source>Số CCCD người nhận</source>
      <translation>Collector's ID number</translation>
    </message>
    <message>
      <source>Chậm trả: xin lỗi và hẹn lại (mẫu 04)</source>
      <translation>Late: apology and new date (form 04)</translation>
    </message>
    <message>
      <source>Ngày, giờ hẹn mới</source>
      <translation>New date and time</translation>
    </message>
    <message>
      <source>Lý do</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>Chỉ lãnh đạo/phụ trách trung tâm hoặc quản trị được hủy hay hiệu chỉnh hồ sơ.</source>
      <translation>Only the center's supervisor or an admin may void or correct a dossier.</translation>
    </message>
    <message>
      <source>Hồ sơ đã bị hủy.</source>
      <translation>The dossier has been voided.</translation>
    </message>
    <message>
      <source>Thông báo dừng giải quyết hồ sơ</source>
      <translation>Notice of stopping processing</translation>
    </message>
    <message>
      <source>Lý do dừng giải quyết (in trên thông báo):</source>
      <translation>Reason for stopping (printed on the notice):</translation>
    </message>
    <message>
      <source>In phiếu xin lỗi và hẹn lại</source>
      <translation>Print apology with new date</translation>
    </message>
    <message>
      <source>In lại giấy tiếp nhận</source>
      <translation>Reprint receipt</translation>
    </message>
    <message>
      <source>In phiếu kiểm soát</source>
      <translation>Print control slip</translation>
    </message>
    <message>
      <source>In thông báo dừng giải quyết</source>
      <translation>Print notice of stopping</translation>
    </message>
    <message>
      <source>Hủy hồ sơ…</source>
      <translation>Void dossier…</translation>
    </message>
    <message>
      <source>Hiệu chỉnh thông tin người nộp…</source>
      <translation>Correct applicant's details…</translation>
    </message>
    <message>
      <source>Sửa sai:</source>
      <translation>Corrections:</translation>
    </message>
    <message>
      <source>Quá trình giải quyết</source>
      <translation>Processing history</translation>
    </message>
    <message>
      <source>Không tìm thấy hồ sơ nào.</source>
      <translation>No dossier found.</translation>
    </message>
    <message>
      <source>Không có kết quả nào chờ trả.</source>
      <translation>No results are waiting to be handed over.</translation>
    </message>
    <message>
      <source>Chưa chọn hồ sơ.</source>
      <translation>No dossier selected.</translation>
    </message>
    <message>
      <source>Ngày hẹn mới phải có dạng dd/mm/yyyy và giờ dạng HH:MM.</source>
      <translation>The new date must be dd/mm/yyyy and the time HH:MM.</translation>
    </message>
    <message>
      <source>Mã hồ sơ giữ lại, không cấp lại; không trả kết quả, không hẹn lại.</source>
      <translation>The code is kept, never reissued; no result return, no new appointment.</translation>
    </message>
    <message>
      <source>Chỉ hủy được hồ sơ chưa chuyển xử lý; hồ sơ này đang ở trạng thái «{status}».</source>
      <translation>Only a dossier not yet sent on for processing can be voided; this one is «{status}».</translation>
    </message>
    <message>
      <source>Hệ thống tỉnh không nhận thao tác của quầy</source>
      <translation>The province did not accept this counter's action</translation>
    </message>
    <message>
      <source>Nhận</source>
      <translation>Received</translation>
    </message>
    <message>
      <source>Hẹn trả</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>Giấy tờ</source>
      <translation>Documents</translation>
    </message>
    <message>
      <source>Chưa in được</source>
      <translation>Not printed</translation>
    </message>
    <message>
      <source>Lưu thành tệp PDF…</source>
      <translation>Save as PDF…</translation>
    </message>
    <message>
      <source>Không in</source>
      <translation>Do not print</translation>
    </message>
    <message>
      <source>Chọn máy in</source>
      <translation>Choose a printer</translation>
    </message>
    <message>
      <source>Xem trước khi in</source>
      <translation>Print preview</translation>
    </message>
    <message>
      <source>Lưu thành PDF</source>
      <translation>Save as PDF</translation>
    </message>
    <message>
      <source>Tệp PDF (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>Máy tính này chưa đặt máy in mặc định.</source>
      <translation>This computer has no default printer set.</translation>
    </message>
    <message>
      <source>Máy tính này chưa cài đặt máy in nào.</source>
      <translation>No printer is installed on this computer.</translation>
    </message>
    <message>
      <source>Chọn máy in…</source>
      <translation>Choose a printer…</translation>
    </message>
    <message>
      <source>Không tìm thấy máy in «{name}» đã chọn trong Cài đặt (máy tắt, rút cáp hoặc đổi tên?).</source>
      <translation>The printer «{name}» chosen in Settings was not found (switched off, unplugged or renamed?).</translation>
    </message>
    <message>
      <source>Không lưu được tệp</source>
      <translation>The file was not saved</translation>
    </message>
    <message>
      <source>{what} chưa được in. Có thể lưu thành tệp PDF để in sau.</source>
      <translation>{what} was not printed. You can save it as a PDF to print later.</translation>
    </message>
    <message>
      <source>Không ghi được tệp {path}: {reason}. Hãy chọn thư mục khác.</source>
      <translation>Could not write {path}: {reason}. Choose another folder.</translation>
    </message>
    <message>
      <source>In lại phiếu từ chối</source>
      <translation>Reprint refusal notice</translation>
    </message>
    <message>
      <source>In lại phiếu yêu cầu bổ sung</source>
      <translation>Reprint supplement request</translation>
    </message>
    <message>
      <source>mẫu</source>
      <translation>form</translation>
    </message>
    <message>
      <source>In lại</source>
      <translation>Reprint</translation>
    </message>
    <message>
      <source>Xem trước</source>
      <translation>Preview</translation>
    </message>
    <message>
      <source>Lưu PDF</source>
      <translation>Save PDF</translation>
    </message>
    <message>
      <source>in lại</source>
      <translation>reprint</translation>
    </message>
    <message>
      <source>In lại bằng nút «In lại» ở cuối cửa sổ, hoặc tìm hồ sơ ở màn hình Tra cứu (F3).</source>
      <translation>Print it again with «Print again» at the bottom of the window, or find the dossier on the Lookup screen (F3).</translation>
    </message>
    <message>
      <source>hồ sơ</source>
      <translation>dossier</translation>
    </message>
    <message>
      <source>Đã lưu {what} vào tệp {path}.</source>
      <translation>Saved {what} to {path}.</translation>
    </message>
    <message>
      <source>chưa được in.</source>
      <translation>was not printed.</translation>
    </message>
    <message>
      <source>đã hiệu chỉnh, hãy in lại cho công dân</source>
      <translation>corrected, reprint it for the citizen</translation>
    </message>
    <message>
      <source>Đã lưu tệp {path}.</source>
      <translation>Saved {path}.</translation>
    </message>
    <message>
      <source>Họ tên và địa chỉ đọc từ thẻ không có dấu tiếng Việt: máy quét có thể đang ở chế độ ASCII (bỏ dấu). Hãy gõ lại họ tên, địa chỉ cho đúng như trên thẻ trước khi tiếp nhận. Để sửa hẳn: cài máy quét sang chế độ xuất UTF-8/Unicode (quét mã cài đặt trong sách hướng dẫn của máy quét), rồi quét lại thẻ.</source>
      <translation>The name and address read from the card have no Vietnamese accents: the scanner may be in ASCII mode (accents dropped). Retype the name and address exactly as on the card before accepting. To fix it for good: set the scanner to UTF-8/Unicode output (scan the setup code in the scanner's manual), then scan the card again.</translation>
    </message>
    <message>
      <source>F6: quét mã QR trên thẻ CCCD</source>
      <translation>F6: scan the QR code on the ID card</translation>
    </message>
    <message>
      <source>Quét mã QR trên thẻ CCCD/Căn cước ở bất kỳ ô nào của màn hình tiếp nhận; hoặc dán nội dung mã vào đây rồi nhấn Enter.</source>
      <translation>Scan the QR code of the citizen ID card in any field of the Receive screen; or paste the code's text here and press Enter.</translation>
    </message>
    <message>
      <source>(chưa ghi)</source>
      <translation>(not given)</translation>
    </message>
    <message>
      <source>Thẻ CCCD</source>
      <translation>ID card</translation>
    </message>
    <message>
      <source>Loại đối tượng</source>
      <translation>Applicant type</translation>
    </message>
    <message>
      <source>Nam</source>
      <translation>Male</translation>
    </message>
    <message>
      <source>Nữ</source>
      <translation>Female</translation>
    </message>
    <message>
      <source>Dùng thông tin này (F7)</source>
      <translation>Use these details (F7)</translation>
    </message>
    <message>
      <source>cấp ngày</source>
      <translation>issued</translation>
    </message>
    <message>
      <source>Đã đọc thẻ CCCD</source>
      <translation>ID card read:</translation>
    </message>
    <message>
      <source>sinh</source>
      <translation>born</translation>
    </message>
    <message>
      <source>ĐT</source>
      <translation>tel.</translation>
    </message>
    <message>
      <source>Đã nộp hồ sơ tại trung tâm, lần gần nhất ngày</source>
      <translation>Has filed dossiers at this center, most recently on</translation>
    </message>
    <message>
      <source>F7 điền các ô còn trống:</source>
      <translation>F7 fills the empty fields:</translation>
    </message>
    <message>
      <source>F7 thêm dấu theo hồ sơ đã lưu:</source>
      <translation>F7 restores the accents from the stored details:</translation>
    </message>
    <message>
      <source>Khác với ô đang ghi (giữ nguyên):</source>
      <translation>Differs from what is in the form (kept):</translation>
    </message>
    <message>
      <source>Giấy tờ khác (không có trong danh mục)</source>
      <translation>Other document (not in the catalog)</translation>
    </message>
    <message>
      <source>Thêm</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>Đã khôi phục hồ sơ đang nhập dở</source>
      <translation>The dossier you were entering has been restored</translation>
    </message>
    <message>
      <source>Gõ mã hoặc tên thủ tục (không dấu cũng được)</source>
      <translation>Type a procedure code or name (accents optional)</translation>
    </message>
    <message>
      <source>Địa chỉ nhận kết quả qua bưu chính</source>
      <translation>Address for results by post</translation>
    </message>
    <message>
      <source>Lý do (bắt buộc khi yêu cầu bổ sung hoặc từ chối)</source>
      <translation>Reason (required for a supplement request or a refusal)</translation>
    </message>
    <message>
      <source>1. Thủ tục</source>
      <translation>1. Procedure</translation>
    </message>
    <message>
      <source>2. Người nộp hồ sơ</source>
      <translation>2. Applicant</translation>
    </message>
    <message>
      <source>3. Giấy tờ nộp (đánh dấu giấy tờ đã nhận)</source>
      <translation>3. Documents handed in (tick what was received)</translation>
    </message>
    <message>
      <source>4. Số bộ, phí, nhận kết quả</source>
      <translation>4. Sets, fees, collection</translation>
    </message>
    <message>
      <source>Số bộ hồ sơ</source>
      <translation>Number of sets</translation>
    </message>
    <message>
      <source>Số trang, số bản</source>
      <translation>Pages, copies</translation>
    </message>
    <message>
      <source>Phí, lệ phí</source>
      <translation>Fees</translation>
    </message>
    <message>
      <source>Nhận kết quả</source>
      <translation>Collect result</translation>
    </message>
    <message>
      <source>Địa chỉ nhận</source>
      <translation>Delivery address</translation>
    </message>
    <message>
      <source>Space: đánh dấu giấy tờ đã nhận; Ctrl+A: đã nhận tất cả</source>
      <translation>Space: tick a document as received; Ctrl+A: all received</translation>
    </message>
    <message>
      <source>Kiểm tra lại trước khi tiếp nhận; bấm F2 để bỏ và nhập hồ sơ mới.</source>
      <translation>Check it before receiving; press F2 to discard it and start a new dossier.</translation>
    </message>
    <message>
      <source>Chưa chọn thủ tục</source>
      <translation>No procedure selected</translation>
    </message>
    <message>
      <source>Tiếp nhận và in phiếu (Ctrl+P)</source>
      <translation>Accept and print receipt (Ctrl+P)</translation>
    </message>
    <message>
      <source>Yêu cầu bổ sung</source>
      <translation>Request supplement</translation>
    </message>
    <message>
      <source>Từ chối</source>
      <translation>Refuse</translation>
    </message>
    <message>
      <source>trang ×</source>
      <translation>pages ×</translation>
    </message>
    <message>
      <source>bản</source>
      <translation>copies</translation>
    </message>
    <message>
      <source>Ngày hẹn trả:</source>
      <translation>Appointment:</translation>
    </message>
    <message>
      <source>Chưa có danh mục thủ tục trên máy này. Danh mục của tỉnh được tải về khi quầy đồng bộ với máy chủ tỉnh (Hệ thống → Bảng đồng bộ…, Ctrl+F9; cần đăng ký máy chủ trước) và hiện ra ngay. Hoặc bộ phận CNTT nạp từ tệp bằng lệnh counter-app catalog load TỆP.json, rồi mở lại chương trình.</source>
      <translation>There is no procedure catalog on this computer yet. The province's catalog is downloaded when the counter syncs with the provincial server (System → Sync console…, Ctrl+F9; enrol with the server first) and appears at once. Or IT can load it from a file with counter-app catalog load FILE.json, then restart the program.</translation>
    </message>
    <message>
      <source>Miễn phí</source>
      <translation>Free of charge</translation>
    </message>
    <message>
      <source>Chưa đặt tên cán bộ tiếp nhận (mục Cài đặt hoặc counter-app setup --clerk).</source>
      <translation>No clerk name set (Settings, or counter-app setup --clerk).</translation>
    </message>
    <message>
      <source>Chưa chọn thủ tục.</source>
      <translation>No procedure selected.</translation>
    </message>
    <message>
      <source>Thông tin người nộp chưa hợp lệ (xem thông báo bên cạnh từng ô).</source>
      <translation>Applicant details are not valid (see the messages next to the fields).</translation>
    </message>
    <message>
      <source>Họ tên, địa chỉ đọc từ thẻ không có dấu (máy quét đang ở chế độ ASCII?). Hãy gõ lại họ tên và địa chỉ có dấu như trên thẻ; nếu trên thẻ đúng là như vậy, bấm tiếp nhận lần nữa.</source>
      <translation>The name and address read from the card have no accents (is the scanner in ASCII mode?). Retype the name and address with their accents as on the card; if the card really reads so, press receive again.</translation>
    </message>
    <message>
      <source>Cần ghi lý do yêu cầu bổ sung hoặc từ chối.</source>
      <translation>A reason is required to request a supplement or to refuse.</translation>
    </message>
    <message>
      <source>Cần ghi địa chỉ nhận kết quả qua bưu chính.</source>
      <translation>An address is required for results by post.</translation>
    </message>
    <message>
      <source>Theo quy định</source>
      <translation>As regulated</translation>
    </message>
    <message>
      <source>. Đánh dấu đã nhận, hoặc chọn «Yêu cầu bổ sung».</source>
      <translation>. Tick them as received, or choose «Request supplement».</translation>
    </message>
    <message>
      <source>Thời hạn giải quyết</source>
      <translation>Processing time</translation>
    </message>
    <message>
      <source>Còn giấy tờ bắt buộc chưa nhận: </source>
      <translation>Required documents not yet received: </translation>
    </message>
    <message>
      <source>lúc {time}</source>
      <translation>at {time}</translation>
    </message>
    <message>
      <source>Không có thủ tục nào khớp «{text}». Gõ mã thủ tục (ví dụ 1.001193) hoặc vài chữ trong tên, không dấu cũng được.</source>
      <translation>No procedure matches «{text}». Type a procedure code (e.g. 1.001193) or a few words of its name, with or without accents.</translation>
    </message>
    <message>
      <source>Không phải mã QR trên thẻ CCCD, cũng không phải mã hồ sơ:</source>
      <translation>Neither an ID card's QR code nor a dossier code:</translation>
    </message>
    <message>
      <source>ngày {day}</source>
      <translation>on {day}</translation>
    </message>
    <message>
      <source>Mã QR vừa quét không đọc được mã hồ sơ (có thể quét thiếu hoặc giấy bị hỏng). Hãy quét lại, hoặc quét mã vạch, hoặc gõ mã hồ sơ.</source>
      <translation>The QR code just scanned has no readable dossier code (scanned partly, or the paper is damaged). Scan it again, or scan the barcode, or type the dossier code.</translation>
    </message>
    <message>
      <source>Đang tải hồ sơ chưa trả và 30 ngày gần nhất của trung tâm</source>
      <translation>Fetching the center's open dossiers and those of the last 30 days</translation>
    </message>
    <message>
      <source>Đã có hồ sơ chưa trả và 30 ngày gần nhất; đang tải hồ sơ cũ hơn</source>
      <translation>Open and last-30-day dossiers are here; fetching older ones</translation>
    </message>
    <message>
      <source>ngày</source>
      <translation>days</translation>
    </message>
    <message>
      <source>Đồng bộ: chưa đăng ký máy chủ tỉnh</source>
      <translation>Sync: not enrolled with the provincial server</translation>
    </message>
    <message>
      <source>Đồng bộ đã dừng: máy chủ tỉnh từ chối quầy này, cần đăng ký lại</source>
      <translation>Sync stopped: the provincial server refused this counter; enrol it again</translation>
    </message>
    <message>
      <source>Đồng bộ đã dừng: dữ liệu của quầy bị lỗi (xem Bảng đồng bộ)</source>
      <translation>Sync stopped: this counter's data is damaged (see the sync console)</translation>
    </message>
    <message>
      <source>Loại bỏ sự kiện bị từ chối</source>
      <translation>Discard refused events</translation>
    </message>
    <message>
      <source>Người phụ trách</source>
      <translation>Supervisor</translation>
    </message>
    <message>
      <source>Đăng ký máy chủ đồng bộ của tỉnh</source>
      <translation>Enrol with the provincial sync server</translation>
    </message>
    <message>
      <source>Chọn tệp…</source>
      <translation>Choose file…</translation>
    </message>
    <message>
      <source>Địa chỉ máy chủ</source>
      <translation>Server address</translation>
    </message>
    <message>
      <source>Mã đăng ký</source>
      <translation>Enrolment code</translation>
    </message>
    <message>
      <source>Chứng chỉ gốc (nếu có)</source>
      <translation>Root certificate (if any)</translation>
    </message>
    <message>
      <source>Chứng chỉ gốc</source>
      <translation>Root certificate</translation>
    </message>
    <message>
      <source>Đồng bộ với máy chủ tỉnh</source>
      <translation>Sync with the provincial server</translation>
    </message>
    <message>
      <source>Thay đổi từ tỉnh không áp dụng được (đã bỏ qua; hãy báo cho Sở):</source>
      <translation>Changes from the province that could not be applied (skipped; tell the provincial IT office):</translation>
    </message>
    <message>
      <source>Đóng</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Chỉ lãnh đạo trung tâm hoặc quản trị làm việc này.</source>
      <translation>Only the center's supervisor or an admin may do this.</translation>
    </message>
    <message>
      <source>phút</source>
      <translation>min</translation>
    </message>
    <message>
      <source>giờ</source>
      <translation>h</translation>
    </message>
    <message>
      <source>Lỗi đồng bộ</source>
      <translation>Sync error</translation>
    </message>
    <message>
      <source>Trực tuyến</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>sắp thử lại</source>
      <translation>retrying shortly</translation>
    </message>
    <message>
      <source>Gửi lại mục đã chọn</source>
      <translation>Resend selected</translation>
    </message>
    <message>
      <source>Loại bỏ mục đã chọn…</source>
      <translation>Discard selected…</translation>
    </message>
    <message>
      <source>Đăng ký máy chủ…</source>
      <translation>Enrol with server…</translation>
    </message>
    <message>
      <source>Chờ gửi</source>
      <translation>Waiting to send</translation>
    </message>
    <message>
      <source>Bị từ chối</source>
      <translation>Refused</translation>
    </message>
    <message>
      <source>Mất kết nối từ</source>
      <translation>Offline since</translation>
    </message>
    <message>
      <source>đồng bộ lúc</source>
      <translation>synced at</translation>
    </message>
    <message>
      <source>bị từ chối</source>
      <translation>refused</translation>
    </message>
    <message>
      <source>Đồng hồ máy lệch</source>
      <translation>Clock off by</translation>
    </message>
    <message>
      <source>so với máy chủ tỉnh</source>
      <translation>from the provincial server</translation>
    </message>
    <message>
      <source>Đang gửi</source>
      <translation>Sending</translation>
    </message>
    <message>
      <source>thử lại sau</source>
      <translation>retry in</translation>
    </message>
    <message>
      <source>giây</source>
      <translation>s</translation>
    </message>
    <message>
      <source>Loại bỏ {n} sự kiện: chúng sẽ không được gửi lên tỉnh nữa.</source>
      <translation>Discard {n} events: they will no longer be sent to the province.</translation>
    </message>
    <message>
      <source>Lỗi gần nhất</source>
      <translation>Last error</translation>
    </message>
    <message>
      <source>Bảng đồng bộ…</source>
      <translation>Sync console…</translation>
    </message>
    <message>
      <source>Lỗi đồng bộ tại quầy; sẽ thử lại</source>
      <translation>Sync error at this counter; will try again</translation>
    </message>
    <message>
      <source>Đang đồng bộ…</source>
      <translation>Syncing…</translation>
    </message>
    <message>
      <source>Quầy đã đăng ký với máy chủ tỉnh; bắt đầu đồng bộ.</source>
      <translation>The counter is enrolled with the provincial server; syncing starts now.</translation>
    </message>
    <message>
      <source>Đang đồng bộ</source>
      <translation>Syncing</translation>
    </message>
    <message>
      <source>Dữ liệu của quầy đang được mở, xin thử lại sau.</source>
      <translation>The counter's data is still opening; please try again shortly.</translation>
    </message>
    <message>
      <source>đang thử kết nối lại…</source>
      <translation>trying to reconnect…</translation>
    </message>
    <message>
      <source>Không có ngày hẹn trả cụ thể theo quy định</source>
      <translation>No fixed appointment date by law</translation>
    </message>
    <message>
      <source>phải có dạng ngày/tháng/năm, ví dụ 01/05/1990.</source>
      <translation>must be written day/month/year, e.g. 01/05/1990.</translation>
    </message>
    <message>
      <source>không có tháng {month} (tháng từ 1 đến 12).</source>
      <translation>there is no month {month} (months are 1 to 12).</translation>
    </message>
    <message>
      <source>không có năm {year}.</source>
      <translation>there is no year {year}.</translation>
    </message>
    <message>
      <source>không có ngày {day:02d}/{month:02d}/{year} (tháng {month} năm {year} có {days} ngày).</source>
      <translation>there is no day {day:02d}/{month:02d}/{year} (month {month} of {year} has {days} days).</translation>
    </message>
    <message>
      <source>Không hẹn ngày</source>
      <translation>No set date</translation>
    </message>
    <message>
      <source>Mới đăng ký</source>
      <translation>Registered</translation>
    </message>
    <message>
      <source>Được tiếp nhận</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>Không được tiếp nhận</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <source>Đang xử lý</source>
      <translation>Processing</translation>
    </message>
    <message>
      <source>Yêu cầu bổ sung giấy tờ</source>
      <translation>Supplement required</translation>
    </message>
    <message>
      <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
      <translation>Payment required</translation>
    </message>
    <message>
      <source>Công dân yêu cầu rút hồ sơ</source>
      <translation>Withdrawn by citizen</translation>
    </message>
    <message>
      <source>Dừng xử lý</source>
      <translation>Stopped</translation>
    </message>
    <message>
      <source>Đã xử lý xong</source>
      <translation>Done, result ready</translation>
    </message>
    <message>
      <source>Đã trả kết quả</source>
      <translation>Result returned</translation>
    </message>
    <message>
      <source>A4, hai liên</source>
      <translation>A4, two copies</translation>
    </message>
    <message>
      <source>A5, một liên</source>
      <translation>A5, one copy</translation>
    </message>
    <message>
      <source>Máy in hóa đơn khổ 80 mm</source>
      <translation>80 mm receipt printer</translation>
    </message>
    <message>
      <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
      <translation>Receipt and appointment</translation>
    </message>
    <message>
      <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
      <translation>Request to supplement the dossier</translation>
    </message>
    <message>
      <source>Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
      <translation>Refusal of the dossier</translation>
    </message>
    <message>
      <source>Phiếu xin lỗi và hẹn lại ngày trả kết quả</source>
      <translation>Apology and new return date</translation>
    </message>
    <message>
      <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
      <translation>Processing control slip</translation>
    </message>
    <message>
      <source>Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết</source>
      <translation>Apology and request to extend the processing time</translation>
    </message>
    <message>
      <source>Bản chính</source>
      <translation>Original</translation>
    </message>
    <message>
      <source>Bản sao chứng thực</source>
      <translation>Certified copy</translation>
    </message>
    <message>
      <source>Bản photo</source>
      <translation>Photocopy</translation>
    </message>
    <message>
      <source>Tại quầy</source>
      <translation>At the counter</translation>
    </message>
    <message>
      <source>Qua dịch vụ bưu chính</source>
      <translation>By post</translation>
    </message>
    <message>
      <source>Công dân</source>
      <translation>Citizen</translation>
    </message>
    <message>
      <source>Doanh nghiệp</source>
      <translation>Enterprise</translation>
    </message>
    <message>
      <source>Cơ quan nhà nước</source>
      <translation>State agency</translation>
    </message>
    <message>
      <source>Tổ chức khác</source>
      <translation>Other organisation</translation>
    </message>
    <message>
      <source>Họ và tên *</source>
      <translation>Full name *</translation>
    </message>
    <message>
      <source>Số CCCD/định danh *</source>
      <translation>ID number *</translation>
    </message>
    <message>
      <source>Ngày sinh</source>
      <translation>Date of birth</translation>
    </message>
    <message>
      <source>Giới tính</source>
      <translation>Sex</translation>
    </message>
    <message>
      <source>Số điện thoại</source>
      <translation>Phone number</translation>
    </message>
    <message>
      <source>Thư điện tử</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <source>Địa chỉ *</source>
      <translation>Address *</translation>
    </message>
    <message>
      <source>Mã định danh điện tử của cơ quan (dùng trong mã hồ sơ), ví dụ 000.17.22.H56.</source>
      <translation>The agency's electronic identification code (used in dossier codes), e.g. 000.17.22.H56.</translation>
    </message>
    <message>
      <source>Tên in trên phiếu, ví dụ: Trung tâm Phục vụ hành chính công xã Cô Tô.</source>
      <translation>Name printed on forms, e.g. Public Administration Service Center of Cô Tô commune.</translation>
    </message>
    <message>
      <source>Địa danh ghi trước ngày tháng trên phiếu, ví dụ: Cô Tô.</source>
      <translation>Place name written before the date on forms, e.g. Cô Tô.</translation>
    </message>
    <message>
      <source>Số của quầy này trong trung tâm (1-9). Mỗi quầy phải có số riêng: số quầy quyết định dải số hồ sơ của quầy.</source>
      <translation>This counter's number in the center (1-9). Every counter needs its own number: it decides the counter's range of dossier numbers.</translation>
    </message>
    <message>
      <source>Họ tên cán bộ đang làm việc tại quầy (in trên phiếu tiếp nhận).</source>
      <translation>Name of the clerk working at this counter (printed on receipts).</translation>
    </message>
    <message>
      <source>Các buổi làm việc trong ngày, dùng để tính ngày hẹn trả.</source>
      <translation>Working periods of the day, used to compute appointment dates.</translation>
    </message>
    <message>
      <source>Múi giờ của trung tâm (giờ lưu trữ là UTC, giờ hiển thị theo múi giờ này).</source>
      <translation>The center's time zone (times are stored in UTC and shown in this zone).</translation>
    </message>
    <message>
      <source>Khổ in giấy tiếp nhận (mẫu 01): a4 (hai liên), a5 (một liên) hoặc receipt80 (máy in hóa đơn 80 mm). Các phiếu khác và sổ theo dõi in khổ A4.</source>
      <translation>Paper of the receipt (form 01): a4 (two copies), a5 (one copy) or receipt80 (80 mm receipt printer). Other forms and the ledger print on A4.</translation>
    </message>
    <message>
      <source>Số hiệu và tên các biểu mẫu in: 2025 (Thông tư 03/2025/TT-VPCP, mẫu 01–07, có thông báo dừng giải quyết hồ sơ) hoặc 2018 (Thông tư 01/2018/TT-VPCP, mẫu 01–06).</source>
      <translation>Numbers and names of the printed forms: 2025 (Circular 03/2025/TT-VPCP, forms 01–07, with the notice of stopping processing) or 2018 (Circular 01/2018/TT-VPCP, forms 01–06).</translation>
    </message>
    <message>
      <source>Tên máy in giấy tiếp nhận (mẫu 01), ví dụ máy in hóa đơn 80 mm; để trống: máy in mặc định của máy tính.</source>
      <translation>Name of the printer for receipts (form 01), e.g. an 80 mm receipt printer; empty: the computer's default printer.</translation>
    </message>
    <message>
      <source>Tên máy in các phiếu khổ A4 (bổ sung, từ chối, xin lỗi, dừng giải quyết, kiểm soát) và sổ theo dõi; để trống: máy in mặc định của máy tính.</source>
      <translation>Name of the printer for A4 forms (supplement, refusal, apology, stop notice, control slip) and the ledger; empty: the computer's default printer.</translation>
    </message>
    <message>
      <source>Đầu địa chỉ tra cứu trạng thái hồ sơ, in thành một trường của mã QR (mã hồ sơ được nối vào cuối); để trống nếu không có trang tra cứu.</source>
      <translation>Start of the status-lookup address, printed as one field of the QR code (the dossier code is appended); leave empty if there is no lookup page.</translation>
    </message>
    <message>
      <source>Số bản sao lưu tự động mỗi loại (hằng ngày; trước khi nâng cấp) được giữ lại, bản cũ hơn tự xóa. Bản sao lưu làm bằng tay không bao giờ bị xóa.</source>
      <translation>How many automatic backups of each kind (daily; before an upgrade) are kept; older ones are deleted. Manual backups are never deleted.</translation>
    </message>
    <message>
      <source>Ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (English).</source>
      <translation>Interface language: vi (Vietnamese) or en (English).</translation>
    </message>
    <message>
      <source>Không thao tác quá số phút này thì cửa sổ tự khóa; mở lại bằng mật khẩu (1–240).</source>
      <translation>After this many minutes without activity the window locks itself; the password opens it again (1–240).</translation>
    </message>
    <message>
      <source>Thứ Hai</source>
      <translation>Monday</translation>
    </message>
    <message>
      <source>Thứ Ba</source>
      <translation>Tuesday</translation>
    </message>
    <message>
      <source>Thứ Tư</source>
      <translation>Wednesday</translation>
    </message>
    <message>
      <source>Thứ Năm</source>
      <translation>Thursday</translation>
    </message>
    <message>
      <source>Thứ Sáu</source>
      <translation>Friday</translation>
    </message>
    <message>
      <source>Thứ Bảy</source>
      <translation>Saturday</translation>
    </message>
    <message>
      <source>Chủ Nhật</source>
      <translation>Sunday</translation>
    </message>
    <message>
      <source>STT</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>Mã hồ sơ</source>
      <translation>Dossier code</translation>
    </message>
    <message>
      <source>Thủ tục</source>
      <translation>Procedure</translation>
    </message>
    <message>
      <source>Địa chỉ, điện thoại</source>
      <translation>Address, phone</translation>
    </message>
    <message>
      <source>Nhận lúc</source>
      <translation>Received at</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Số</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>Thời gian</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Thao tác</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>Chi tiết</source>
      <translation>Detail</translation>
    </message>
    <message>
      <source>Đăng nhập sai</source>
      <translation>Failed sign-in</translation>
    </message>
    <message>
      <source>Khóa màn hình</source>
      <translation>Screen locked</translation>
    </message>
    <message>
      <source>Tiếp nhận</source>
      <translation>Reception</translation>
    </message>
    <message>
      <source>In</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>Hẹn lại</source>
      <translation>New appointment</translation>
    </message>
    <message>
      <source>Hủy hồ sơ</source>
      <translation>Void</translation>
    </message>
    <message>
      <source>Điều chỉnh</source>
      <translation>Correction</translation>
    </message>
    <message>
      <source>Loại bỏ sự kiện</source>
      <translation>Event discarded</translation>
    </message>
    <message>
      <source>Đổi cài đặt</source>
      <translation>Settings changed</translation>
    </message>
    <message>
      <source>Đổi lịch</source>
      <translation>Calendar changed</translation>
    </message>
    <message>
      <source>Tài khoản</source>
      <translation>Account</translation>
    </message>
    <message>
      <source>Loại</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>Đã chờ</source>
      <translation>Waiting for</translation>
    </message>
    <message>
      <source>Số lần gửi</source>
      <translation>Attempts</translation>
    </message>
    <message>
      <source>Lý do / lỗi gần nhất</source>
      <translation>Reason / last error</translation>
    </message>
    <message>
      <source>Đổi trạng thái</source>
      <translation>Status changed</translation>
    </message>
    <message>
      <source>Hẹn lại ngày trả</source>
      <translation>New appointment</translation>
    </message>
    <message>
      <source>Hủy mã hồ sơ</source>
      <translation>Dossier code voided</translation>
    </message>
    <message>
      <source>Bị tỉnh từ chối</source>
      <translation>Refused by the province</translation>
    </message>
    <message>
      <source>Màn hình Tiếp nhận, nhập hồ sơ mới (hỏi trước khi bỏ hồ sơ đang nhập)</source>
      <translation>Receive screen, new dossier (asks before dropping one being typed)</translation>
    </message>
    <message>
      <source>Màn hình Tra cứu, trả kết quả</source>
      <translation>Look up and return screen</translation>
    </message>
    <message>
      <source>Màn hình Sổ theo dõi hồ sơ</source>
      <translation>Ledger screen</translation>
    </message>
    <message>
      <source>Đồng bộ ngay với máy chủ tỉnh</source>
      <translation>Sync with the provincial server now</translation>
    </message>
    <message>
      <source>Bảng đồng bộ: sự kiện chờ gửi, bị tỉnh từ chối</source>
      <translation>Sync console: events waiting, refused by the province</translation>
    </message>
    <message>
      <source>Cài đặt của quầy (máy in, giờ làm việc, ngôn ngữ…)</source>
      <translation>Counter settings (printers, working hours, language…)</translation>
    </message>
    <message>
      <source>Hệ thống tỉnh</source>
      <translation>Provincial system</translation>
    </message>
    <message>
      <source>không có</source>
      <translation>none</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>Số định danh cá nhân/CCCD</source>
      <translation>Personal ID / citizen ID card number</translation>
    </message>
    <message>
      <source>Địa chỉ</source>
      <translation>Address</translation>
    </message>
  </context>
</TS>