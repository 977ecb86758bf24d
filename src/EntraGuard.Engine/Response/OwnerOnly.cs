using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace EntraGuard.Response
{
    /// <summary>
    /// Creates files and folders only their owner can use (0600 / 0700 on Linux and macOS). On Windows the local
    /// application data folder's ACL already limits them to the user, so nothing more is done there. Existing files
    /// and folders are left as they are: an admin may have shared them on purpose.
    /// </summary>
    internal static class OwnerOnly
    {
        private const int OwnerReadWrite = 0x180; // 0600
        private const int OwnerAll = 0x1C0; // 0700

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>open(2) flags O_WRONLY | O_CREAT | O_EXCL, which differ between Linux and macOS.</summary>
        private static int CreateNewFlags =>
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? 0x1 | 0x200 | 0x800 : 0x1 | 0x40 | 0x80;

        /// <summary>Creates the folder, and any missing parent, owner-only.</summary>
        public static void CreateDirectory(string path)
        {
            var parent = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
                CreateDirectory(parent!);
            if (IsWindows || mkdir(NativePath(path), OwnerAll) != 0)
                Directory.CreateDirectory(path);
        }

        /// <summary>Creates the file, empty and owner-only, when it does not exist yet.</summary>
        public static void CreateFile(string path)
        {
            if (File.Exists(path))
                return;
            if (IsWindows)
            {
                using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
                return;
            }
            // Created with its mode in one call: the file never exists with wider permissions, not even briefly.
            var descriptor = open(NativePath(path), CreateNewFlags, OwnerReadWrite);
            if (descriptor >= 0)
                close(descriptor);
            else if (!File.Exists(path))
                throw new IOException($"Cannot create '{path}' (error {Marshal.GetLastWin32Error()}).");
        }

        /// <summary>The path as the C library takes it: UTF-8, NUL-terminated.</summary>
        private static byte[] NativePath(string path) => Encoding.UTF8.GetBytes(path + "\0");

        [DllImport("libc", SetLastError = true)]
        private static extern int open(byte[] path, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int descriptor);

        [DllImport("libc", SetLastError = true)]
        private static extern int mkdir(byte[] path, int mode);
    }
}
