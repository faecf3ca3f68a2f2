namespace Streaming.Broker.Tests.Protocol;

/// <summary>
/// A test that drives the listener with kcat (Debian package <c>kcat</c>). Skipped, with the reason shown, where kcat is
/// not installed — except under <c>CI=true</c>, where it must run (<c>.ci/run</c> installs kcat) and fails if it cannot.
/// </summary>
public sealed class KcatFactAttribute : FactAttribute
{
    public KcatFactAttribute()
    {
        if (Kcat.Path is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = "kcat is not installed (apt-get install kcat); it is required, and installed, under CI=true";
    }
}
