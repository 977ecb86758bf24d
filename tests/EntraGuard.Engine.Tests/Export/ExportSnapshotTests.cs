using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Export;

namespace EntraGuard.Tests.Export
{
    /// <summary>
    /// Every catalog rule's export, kept in docs/exports/&lt;format&gt;/ for review. The test fails when an export
    /// changes and the snapshot was not regenerated; regenerate with <c>ENTRAGUARD_UPDATE_SNAPSHOTS=1 dotnet test
    /// tests/EntraGuard.Engine.Tests --filter ExportSnapshotTests</c>.
    /// </summary>
    public sealed class ExportSnapshotTests
    {
        private const string UpdateVariable = "ENTRAGUARD_UPDATE_SNAPSHOTS";

        public static IEnumerable<object[]> Formats =>
            Enum.GetValues(typeof(ExportFormat)).Cast<ExportFormat>().Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(Formats))]
        public void Catalog_exports_match_the_reviewed_snapshots(ExportFormat format)
        {
            var folder = Path.Combine(TestFiles.RepositoryRoot, "docs", "exports", ExportFormats.ShortName(format));
            var exports = RuleExporter.Export(ExportFixtures.Catalog, format, ExportFixtures.Options());
            var expected = exports
                .Where(e => e.Exportable)
                .ToDictionary(e => e.FileName, e => e.Content!, StringComparer.Ordinal);
            if (ExportFormats.NotExportableReport(exports) is { } report)
                expected[ExportFormats.NotExportableFileName] = report;

            if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            {
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
                Directory.CreateDirectory(folder);
                foreach (var (name, content) in expected)
                    File.WriteAllText(Path.Combine(folder, name), content, new UTF8Encoding(false));
            }

            var hint =
                $"Run '{UpdateVariable}=1 dotnet test tests/EntraGuard.Engine.Tests --filter ExportSnapshotTests' "
                + $"and review the diff.";
            Assert.True(Directory.Exists(folder), $"{folder} is missing. {hint}");
            var actualFiles = Directory
                .GetFiles(folder)
                .Select(Path.GetFileName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
            Assert.True(
                expected.Keys.OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(actualFiles!),
                $"docs/exports/{ExportFormats.ShortName(format)} holds [{string.Join(", ", actualFiles)}], the "
                    + $"export gives [{string.Join(", ", expected.Keys)}]. {hint}"
            );
            foreach (var (name, content) in expected)
            {
                var snapshot = File.ReadAllText(Path.Combine(folder, name)).Replace("\r\n", "\n");
                Assert.True(
                    snapshot == content,
                    $"docs/exports/{ExportFormats.ShortName(format)}/{name} differs from the export. {hint}"
                );
            }
        }
    }
}
