using System.IO;
using System.Text;

namespace EntraGuard.ModuleBuild
{
    internal static class OutputFile
    {
        // UTF-8 with a byte-order mark: Windows PowerShell 5.1 reads BOM-less files as the ANSI code page, which
        // would garble the en dash in activity names and any other non-ASCII text in help and manifests.
        private static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        public static void WriteIfChanged(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text)
                return;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, text, Utf8WithBom);
        }
    }
}
