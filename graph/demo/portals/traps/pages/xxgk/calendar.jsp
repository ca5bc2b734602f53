<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>日历</title></head>
<body><div class="header">县人民政府门户网站</div><h1>日历</h1>
<a href="/xxgk/calendar.jsp?date=2024-01-02">预决算公开日</a>
<div class="footer">主办：县人民政府办公室</div></body></html>
