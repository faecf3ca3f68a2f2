using System.Globalization;

namespace Streaming.Streams;

/// <summary>An instance's <c>application.server</c>: where its interactive queries are answered.</summary>
public sealed record HostInfo(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>host:port</c> (or <c>[v6-address]:port</c>).</summary>
    public static bool TryParse(string? text, out HostInfo host)
    {
        host = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        string name = text[..colon];
        if (name.StartsWith('[') && name.EndsWith(']')) name = name[1..^1];
        if (name.Length == 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 0 or > 65535) return false;
        host = new HostInfo(name, port);
        return true;
    }

    public static HostInfo Parse(string text) => TryParse(text, out HostInfo host) ? host : throw new FormatException($"'{text}' is not host:port");
}
