using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace EntraGuard.Tests
{
    /// <summary>A temporary folder per test, deleted afterwards, with helpers to write fixture files into it.</summary>
    public sealed class TestFiles : IDisposable
    {
        public TestFiles()
        {
            Root = Path.Combine(Path.GetTempPath(), "entraguard-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string Write(string name, string content, Encoding? encoding = null)
        {
            var path = Prepare(name);
            File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
            return path;
        }

        public string WriteBytes(string name, byte[] content)
        {
            var path = Prepare(name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public string WriteGzip(string name, string content)
        {
            var path = Prepare(name);
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            var bytes = Encoding.UTF8.GetBytes(content);
            gzip.Write(bytes, 0, bytes.Length);
            return path;
        }

        private string Prepare(string name)
        {
            var path = Path.Combine(Root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return path;
        }

        /// <summary>The repository root (holds EntraGuard.sln), found from the test's working folder.</summary>
        public static string RepositoryRoot
        {
            get
            {
                var folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder != null && !File.Exists(Path.Combine(folder.FullName, "EntraGuard.sln")))
                    folder = folder.Parent;
                return folder?.FullName
                    ?? throw new InvalidOperationException(
                        "EntraGuard.sln not found above " + AppContext.BaseDirectory
                    );
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
