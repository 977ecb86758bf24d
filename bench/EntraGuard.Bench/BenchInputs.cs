using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EntraGuard.SampleData;

namespace EntraGuard.Bench
{
    /// <summary>
    /// The generated inputs, written once and reused while present and complete: regenerating them cost seconds a
    /// run (a minute at 1M). Each input is written under a temporary name and renamed into place, so a reader never
    /// sees half a file, and a stamp beside it records what made it and the length of every file; a stamp that does
    /// not match what this build would write, or a file whose length differs, means the input is written again.
    /// </summary>
    internal sealed class BenchInputs
    {
        /// <summary>
        /// Events the generator writes, on every run, to learn what it writes: records are written in sequence, so a
        /// change to the sample tenant, the copies or the page format shows in the first pages, and this many cover
        /// the sample tenant once and the start of its repetition.
        /// </summary>
        private const long ProbeEvents = 10_000;

        private readonly string _folder;
        private readonly Lazy<string> _auditGenerator = new(() =>
            Probe(stream => BulkWriter.WriteGraphPages(stream, ProbeEvents))
        );
        private readonly Lazy<string> _operationGenerator = new(() =>
            Probe(stream => BulkWriter.WriteOperationPages(stream, ProbeEvents))
        );
        private readonly Lazy<string> _signInGenerator = new(() =>
            Probe(stream => BulkWriter.WriteSignInPages(stream, ProbeEvents))
        );

        public BenchInputs(string folder) => _folder = folder;

        /// <summary>Graph pages of <paramref name="size"/> directory audits, one page a line.</summary>
        public string Audits(long size) =>
            Pages("directoryAudits", _auditGenerator.Value, BulkWriter.WriteGraphPages, size);

        /// <summary>The same audits with every repeated operation an operation of its own (a fresh correlation id),
        /// one page a line.</summary>
        public string Operations(long size) =>
            Pages("operations", _operationGenerator.Value, BulkWriter.WriteOperationPages, size);

        /// <summary>Beta Graph pages of <paramref name="size"/> sign-ins, one page a line.</summary>
        public string SignIns(long size) => Pages("signIns", _signInGenerator.Value, BulkWriter.WriteSignInPages, size);

        /// <summary>The pages file <c>{name}-{size}.json</c>, written by <paramref name="write"/> unless its stamp
        /// says it is complete and from <paramref name="generator"/>.</summary>
        private string Pages(string name, string generator, Func<Stream, long, long> write, long size)
        {
            var file = $"{name}-{size}.json";
            return Ensure(
                file,
                generator,
                new[] { file },
                partial =>
                {
                    using var stream = File.Create(partial[0]);
                    write(stream, size);
                }
            )[0];
        }

        /// <summary>
        /// The audits of <see cref="Audits"/> as a day of Azure Monitor's exports lays them out: 24 hourly blobs of
        /// diagnostic records, one record a line (the quirks of real exports included), hour by hour.
        /// </summary>
        public IReadOnlyList<string> Hourly(long size)
        {
            var source = Audits(size);
            var files = Enumerable
                .Range(0, 24)
                .Select(hour => Path.Combine($"hourly-{size}", $"h={hour:D2}", "PT1H.json"));
            // The probe does not see the records below: a change to them needs a new word in this stamp.
            return Ensure(
                $"hourly-{size}",
                $"{_auditGenerator.Value} as diagnostic lines in 24 hourly files",
                files.ToArray(),
                partial =>
                {
                    var writers = partial
                        .Select(file =>
                        {
                            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                            return new StreamWriter(file);
                        })
                        .ToList();
                    long index = 0;
                    foreach (var page in File.ReadLines(source))
                    {
                        foreach (var record in JsonNode.Parse(page)!["value"]!.AsArray())
                        {
                            writers[(int)(index * 24 / size)]
                                .WriteLine(SampleWriter.DiagnosticLine(record!.AsObject(), index));
                            index++;
                        }
                    }
                    writers.ForEach(writer => writer.Dispose());
                }
            );
        }

        /// <summary>
        /// Returns the full paths of <paramref name="files"/> (relative to the folder), writing them first through
        /// <paramref name="write"/> (given the temporary paths, in the same order) unless the stamp named
        /// <paramref name="name"/> says they were written from <paramref name="generator"/> with their present lengths.
        /// </summary>
        private IReadOnlyList<string> Ensure(
            string name,
            string generator,
            IReadOnlyList<string> files,
            Action<IReadOnlyList<string>> write
        )
        {
            var stamp = Path.Combine(_folder, name + ".stamp");
            var paths = files.Select(file => Path.Combine(_folder, file)).ToArray();
            if (File.Exists(stamp) && File.ReadAllText(stamp) == Describe(generator, files))
                return paths;
            var partial = paths.Select(path => path + ".partial").ToArray();
            write(partial);
            for (var i = 0; i < paths.Length; i++)
                File.Move(partial[i], paths[i], overwrite: true);
            File.WriteAllText(stamp, Describe(generator, files));
            return paths;
        }

        /// <summary>What a stamp records: the generator, then each file and its length (-1: missing).</summary>
        private string Describe(string generator, IReadOnlyList<string> files) =>
            string.Join(
                "\n",
                files
                    .Select(file => new FileInfo(Path.Combine(_folder, file)))
                    .Select((info, i) => $"{files[i]} {(info.Exists ? info.Length : -1)}")
                    .Prepend(generator)
            );

        /// <summary>The SHA-256 of what <paramref name="write"/> writes, written to no file.</summary>
        private static string Probe(Action<Stream> write)
        {
            using var sha = SHA256.Create();
            using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
                write(hashing);
            return Convert.ToHexString(sha.Hash!);
        }
    }
}
