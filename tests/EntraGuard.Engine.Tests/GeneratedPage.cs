using System;
using System.IO;

namespace EntraGuard.Tests
{
    /// <summary>
    /// A docs page whose part below a marker line is rendered from code: the drift test compares the two, and with
    /// <c>ENTRAGUARD_WRITE_DOCS=1</c> rewrites that part instead of failing.
    /// </summary>
    internal static class GeneratedPage
    {
        public const string WriteVariable = "ENTRAGUARD_WRITE_DOCS";

        public static void AssertCurrent(string pagePath, string marker, string rendered, string renderedFrom)
        {
            var name = "docs/" + Path.GetFileName(pagePath);
            var page = File.ReadAllText(pagePath).Replace("\r\n", "\n");
            var start = page.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(start > 0, $"{name} has no line '{marker.Trim()}'");
            var generated = page.Substring(start + marker.Length);
            if (Environment.GetEnvironmentVariable(WriteVariable) == "1" && generated != rendered)
            {
                File.WriteAllText(pagePath, page.Substring(0, start + marker.Length) + rendered);
                return;
            }
            Assert.True(
                generated == rendered,
                $"{name} differs from {renderedFrom}; run this test with {WriteVariable}=1 to rewrite it"
            );
        }
    }
}
