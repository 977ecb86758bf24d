using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using EntraGuard.Detection;
using EntraGuard.Export;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard rules export</c>: the loaded rules (catalog plus --rules files) as KQL, Microsoft Sentinel
    /// analytic rules, Elastic detection rules or Sigma. To stdout, or one file per rule under --output.
    /// </summary>
    internal static class RulesExportCommand
    {
        private const string All = "all";

        public static Command Create(TextWriter output)
        {
            var format = new Option<string>("--format")
            {
                Description = "kql, sentinel, elastic, sigma, or all (with --output: one folder per format).",
                Required = true,
            };
            format.AcceptOnly("kql", "sentinel", "elastic", "sigma", All);
            var outputFolder = new Option<string?>("--output")
            {
                Description = "Folder to write <RuleId>.<ext> files into (created when missing); stdout when absent.",
            };
            var detection = new DetectionOptions();

            var command = new Command(
                "export",
                "Export detection rules to KQL, Microsoft Sentinel, Elastic Security or Sigma."
            )
            {
                format,
                outputFolder,
            };
            detection.AddTo(command);
            command.SetAction(
                (parse, cancellationToken) =>
                {
                    var setup = detection.Load(parse);
                    var rules = setup.Engine.Rules;
                    var settings = setup.Settings;

                    var formatText = parse.GetValue(format)!;
                    var folder = parse.GetValue(outputFolder);
                    var error = parse.InvocationConfiguration.Error;
                    if (formatText == All && folder is null)
                        throw new ArgumentException("--format all writes one folder per format: give --output.");
                    var formats =
                        formatText == All
                            ? Enum.GetValues(typeof(ExportFormat)).Cast<ExportFormat>().ToList()
                            : new List<ExportFormat> { Parse(formatText) };
                    var options = new ExportOptions { Settings = settings };
                    foreach (var exportFormat in formats)
                    {
                        var exports = RuleExporter.Export(rules, exportFormat, options);
                        if (folder is null)
                            WriteText(exports, output);
                        else
                            WriteFiles(
                                exports,
                                formatText == All
                                    ? Path.Combine(folder, ExportFormats.ShortName(exportFormat))
                                    : folder,
                                output
                            );
                        foreach (var skipped in exports.Where(e => !e.Exportable))
                        {
                            error.WriteLine(
                                $"entraguard: {skipped.RuleId} is not exportable to "
                                    + $"{ExportFormats.ShortName(exportFormat)}: {skipped.NotExportableReason}"
                            );
                        }
                    }
                    return System.Threading.Tasks.Task.FromResult(CliRunner.Success);
                }
            );
            return command.WithExamples(
                (
                    "entraguard rules export --format sentinel --output sentinel/",
                    "Writes one Microsoft Sentinel analytic rule file per rule into sentinel/."
                ),
                (
                    "entraguard rules export --format kql --rule EG0001",
                    "Prints the KQL of the rare-credential-actor rule."
                )
            );
        }

        private static ExportFormat Parse(string text) =>
            ExportFormats.TryParse(text, out var format)
                ? format
                : throw new ArgumentException($"'{text}' is not an export format.");

        /// <summary>
        /// The exports one after the other: YAML documents with "---" between them (not after the last, which
        /// would open an empty document), queries with a blank line between, Elastic's NDJSON as it is.
        /// </summary>
        private static void WriteText(IEnumerable<RuleExport> exports, TextWriter output)
        {
            var first = true;
            foreach (var export in exports.Where(e => e.Exportable))
            {
                if (!first && export.Format is not ExportFormat.ElasticRule)
                    output.WriteLine(export.Format == ExportFormat.Kql ? "" : "---");
                output.Write(export.Content);
                first = false;
            }
        }

        private static void WriteFiles(IReadOnlyList<RuleExport> exports, string folder, TextWriter output)
        {
            Directory.CreateDirectory(folder);
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            foreach (var export in exports.Where(e => e.Exportable))
            {
                var path = Path.Combine(folder, export.FileName);
                File.WriteAllText(path, export.Content, utf8);
                output.WriteLine(path);
            }
            var report = Path.Combine(folder, ExportFormats.NotExportableFileName);
            var text = ExportFormats.NotExportableReport(exports.ToList());
            if (text != null)
                File.WriteAllText(report, text, utf8);
            else if (File.Exists(report))
                File.Delete(report);
        }
    }
}
