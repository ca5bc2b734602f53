<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>搜索结果</title></head>
<body><div class="header">县人民政府门户网站</div><h1>搜索结果</h1>

<ul><li><a href="/search.jsp?keyword=预算公开&page=2">某局2024年部门预算公开</a></li></ul>
<div class="footer">主办：县人民政府办公室</div></body></html>
