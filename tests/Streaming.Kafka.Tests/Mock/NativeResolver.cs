using System.Reflection;
using System.Runtime.InteropServices;

namespace Streaming.Kafka.Tests.Mock;

/// <summary>Loads the librdkafka build that Confluent.Kafka loads (the package ships several per platform; the default Linux one needs libsasl2).</summary>
internal static class NativeResolver
{
    public static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "librdkafka") return IntPtr.Zero;
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string directory = Path.Combine(AppContext.BaseDirectory, "runtimes", $"{os}-{arch}", "native");
        string[] files = OperatingSystem.IsWindows() ? ["librdkafka.dll"] : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];
        foreach (var file in files)
            if (NativeLibrary.TryLoad(Path.Combine(directory, file), out var handle)) return handle;
        return IntPtr.Zero;
    }
}
