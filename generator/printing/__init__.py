"""Notice-board sheets: paper sizes, layout numbers, fitting text onto a sheet, QR codes, PDF."""
