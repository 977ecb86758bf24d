using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EntraGuard.ModuleBuild.Help
{
    /// <summary>A problem in a docs file, with the line it is on (1-based; 0 when it concerns the whole
    /// file).</summary>
    public sealed class HelpFormatException : Exception
    {
        public HelpFormatException(string file, int line, string message)
            : base(message)
        {
            File = file;
            Line = line;
        }

        public string File { get; }
        public int Line { get; }

        /// <summary>The canonical form MSBuild turns into a build error pointing at the file and line.</summary>
        public string ToBuildError() => $"{File}({Math.Max(Line, 1)}): error EGHELP: {Message}";
    }

    /// <summary>One line of a markdown file and its 1-based number.</summary>
    public readonly record struct MarkdownLine(int Number, string Text);

    /// <summary>A heading and the lines under it up to the next heading of the same or a higher level.</summary>
    public sealed class MarkdownSection
    {
        public MarkdownSection(string title, int line, IReadOnlyList<MarkdownLine> body)
        {
            Title = title;
            Line = line;
            Body = body;
        }

        public string Title { get; }
        public int Line { get; }
        public IReadOnlyList<MarkdownLine> Body { get; }
    }

    /// <summary>
    /// A PlatyPS-schema markdown file cut into what the help readers need: front matter, headings by level (code
    /// fences respected, so a '#' comment inside an example is not a heading), fenced blocks and paragraphs.
    /// </summary>
    public sealed class MarkdownDocument
    {
        private static readonly Regex Heading = new(@"^(#{1,6})\s+(.*?)\s*#*\s*$", RegexOptions.CultureInvariant);

        private MarkdownDocument(
            string path,
            IReadOnlyDictionary<string, string> frontMatter,
            IReadOnlyList<MarkdownLine> body
        )
        {
            Path = path;
            FrontMatter = frontMatter;
            Body = body;
        }

        public string Path { get; }
        public IReadOnlyDictionary<string, string> FrontMatter { get; }
        public IReadOnlyList<MarkdownLine> Body { get; }

        public static MarkdownDocument Load(string path) => Parse(path, File.ReadAllText(path));

        public static MarkdownDocument Parse(string path, string text)
        {
            var lines = text.Replace("\r\n", "\n")
                .Split('\n')
                .Select((line, index) => new MarkdownLine(index + 1, line.TrimEnd('\r')))
                .ToList();
            var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var start = 0;
            if (lines.Count > 0 && lines[0].Text.Trim() == "---")
            {
                var end = lines.FindIndex(1, l => l.Text.Trim() == "---");
                if (end < 0)
                    throw new HelpFormatException(path, 1, "the front matter (---) is never closed");
                for (var i = 1; i < end; i++)
                {
                    var entry = lines[i].Text;
                    if (entry.Trim().Length == 0)
                        continue;
                    var colon = entry.IndexOf(':');
                    if (colon <= 0)
                        throw new HelpFormatException(
                            path,
                            lines[i].Number,
                            $"front matter line '{entry}' is not 'key: value'"
                        );
                    frontMatter[entry.Substring(0, colon).Trim()] = entry.Substring(colon + 1).Trim();
                }
                start = end + 1;
            }
            var body = lines.Skip(start).ToList();
            // An unclosed fence would swallow every heading after it; say so at the fence, not at the lost sections.
            var openFence = body.Where(l => IsFence(l.Text)).Select(l => l.Number).ToList();
            if (openFence.Count % 2 == 1)
                throw new HelpFormatException(path, openFence[^1], "a code block (```) is never closed");
            return new MarkdownDocument(path, frontMatter, body);
        }

        /// <summary>The sections headed at <paramref name="level"/> within <paramref name="lines"/>.</summary>
        public static IReadOnlyList<MarkdownSection> Sections(IReadOnlyList<MarkdownLine> lines, int level)
        {
            var sections = new List<MarkdownSection>();
            string? title = null;
            var titleLine = 0;
            var body = new List<MarkdownLine>();
            var inFence = false;
            foreach (var line in lines)
            {
                if (IsFence(line.Text))
                    inFence = !inFence;
                var heading = inFence ? null : HeadingOf(line.Text);
                if (heading is { } h && h.Level <= level)
                {
                    if (title != null)
                        sections.Add(new MarkdownSection(title, titleLine, body));
                    title = h.Level == level ? h.Title : null;
                    titleLine = line.Number;
                    body = new List<MarkdownLine>();
                    continue;
                }
                if (title != null)
                    body.Add(line);
            }
            if (title != null)
                sections.Add(new MarkdownSection(title, titleLine, body));
            return sections;
        }

        /// <summary>The lines before the first heading of <paramref name="level"/> or higher.</summary>
        public static IReadOnlyList<MarkdownLine> Preamble(IReadOnlyList<MarkdownLine> lines, int level)
        {
            var result = new List<MarkdownLine>();
            var inFence = false;
            foreach (var line in lines)
            {
                if (IsFence(line.Text))
                    inFence = !inFence;
                if (!inFence && HeadingOf(line.Text) is { } h && h.Level <= level)
                    break;
                result.Add(line);
            }
            return result;
        }

        public static (int Level, string Title)? HeadingOf(string text)
        {
            var match = Heading.Match(text);
            return match.Success ? (match.Groups[1].Value.Length, match.Groups[2].Value) : null;
        }

        public static bool IsFence(string text) => text.TrimStart().StartsWith("```", StringComparison.Ordinal);

        /// <summary>Fenced code blocks: their info string (e.g. powershell, yaml), content and first line.</summary>
        public static IReadOnlyList<(string Info, string Code, int Line)> FencedBlocks(
            IReadOnlyList<MarkdownLine> lines,
            string file
        )
        {
            var blocks = new List<(string, string, int)>();
            for (var i = 0; i < lines.Count; i++)
            {
                if (!IsFence(lines[i].Text))
                    continue;
                var info = lines[i].Text.Trim().Substring(3).Trim();
                var close = -1;
                for (var j = i + 1; j < lines.Count; j++)
                {
                    if (IsFence(lines[j].Text))
                    {
                        close = j;
                        break;
                    }
                }
                if (close < 0)
                    throw new HelpFormatException(file, lines[i].Number, "a code block (```) is never closed");
                blocks.Add(
                    (
                        info,
                        string.Join("\n", lines.Skip(i + 1).Take(close - i - 1).Select(l => l.Text)),
                        lines[i].Number
                    )
                );
                i = close;
            }
            return blocks;
        }

        /// <summary>Paragraphs of prose outside code blocks: runs of non-blank lines joined with spaces.</summary>
        public static IReadOnlyList<string> Paragraphs(IReadOnlyList<MarkdownLine> lines)
        {
            var paragraphs = new List<string>();
            var current = new List<string>();
            var inFence = false;
            foreach (var line in lines)
            {
                if (IsFence(line.Text))
                {
                    inFence = !inFence;
                    Flush();
                    continue;
                }
                if (inFence)
                    continue;
                var text = line.Text.Trim();
                if (text.Length == 0)
                {
                    Flush();
                    continue;
                }
                // A list item starts its own paragraph so lists stay readable in console help.
                if (
                    current.Count > 0
                    && (
                        text.StartsWith("- ", StringComparison.Ordinal)
                        || text.StartsWith("* ", StringComparison.Ordinal)
                        || Regex.IsMatch(text, @"^\d+\.\s")
                    )
                )
                {
                    Flush();
                }
                current.Add(text);
            }
            Flush();
            return paragraphs;

            void Flush()
            {
                if (current.Count > 0)
                    paragraphs.Add(string.Join(" ", current));
                current.Clear();
            }
        }

        /// <summary>Throws when a PlatyPS placeholder (<c>{{ Fill … }}</c>) is left in the text.</summary>
        public void RejectPlaceholders()
        {
            var inFence = false;
            foreach (var line in Body)
            {
                if (IsFence(line.Text))
                    inFence = !inFence;
                if (
                    !inFence
                    && line.Text.Contains("{{", StringComparison.Ordinal)
                    && line.Text.Contains("}}", StringComparison.Ordinal)
                )
                {
                    throw new HelpFormatException(
                        Path,
                        line.Number,
                        $"placeholder left in the help text: {line.Text.Trim()}"
                    );
                }
            }
        }
    }
}
