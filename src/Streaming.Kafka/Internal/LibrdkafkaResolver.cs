using System.Reflection;
using System.Runtime.InteropServices;

namespace Streaming.Kafka.Internal;

/// <summary>
/// Finds the librdkafka build that loads on this machine, as Confluent.Kafka does: the librdkafka.redist package ships
/// several per platform (the default Linux one needs libsasl2, the centos8 one has it built in), so the name alone is
/// not enough. Loading the same file Confluent.Kafka loaded gives the same library instance.
/// </summary>
internal static class LibrdkafkaResolver
{
    public static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "librdkafka") return IntPtr.Zero;
        foreach (var path in Candidates())
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
        return NativeLibrary.TryLoad(name, assembly, searchPath, out var fallback) ? fallback : IntPtr.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string[] files = OperatingSystem.IsWindows() ? ["librdkafka.dll"]
            : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"]
            : File.Exists("/etc/alpine-release") ? ["alpine-librdkafka.so", "librdkafka.so", "centos8-librdkafka.so"]
            : ["librdkafka.so", "centos8-librdkafka.so"];
        foreach (var directory in new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", $"{os}-{arch}", "native"), AppContext.BaseDirectory })
            foreach (var file in files) yield return Path.Combine(directory, file);
    }
}
