namespace Streaming.Protocol.Messages;

/// <summary>
/// Enforces Kafka's rule for writing a field the target version lacks: a non-ignorable field must hold its default
/// value (else the request would silently change meaning), an ignorable one is dropped.
/// </summary>
internal static class VersionGuard
{
    public static void RequireDefault(bool isDefault, string message, string field, short version)
    {
        if (!isDefault) Throw(message, field, version);
    }

    private static void Throw(string message, string field, short version)
        => throw new ProtocolException($"{message} version {version} cannot carry {field}, which holds a non-default value (UNSUPPORTED_VERSION)");
}
