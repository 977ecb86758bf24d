namespace EntraGuard.Output
{
    public static class CsvText
    {
        /// <summary>
        /// RFC 4180 quoting; a value a spreadsheet would run as a formula (user agents and names are
        /// attacker-controlled) gets a leading apostrophe.
        /// </summary>
        public static string Field(string? value)
        {
            if (string.IsNullOrEmpty(value))
                return "";
            if ("=+-@\t\r".IndexOf(value![0]) >= 0)
                value = "'" + value;
            return value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0
                ? "\"" + value.Replace("\"", "\"\"") + "\""
                : value;
        }
    }
}
