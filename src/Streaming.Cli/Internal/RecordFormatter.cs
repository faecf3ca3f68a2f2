using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Streaming.Cli.Internal;

/// <summary>
/// A consumed record as one line: a template with {topic} {partition} {offset} {timestamp} {key} {value} {headers}, or
/// the console consumer's layout from --print-* (fields separated by tabs, the value last).
/// </summary>
internal sealed partial class RecordFormatter
{
    private static readonly string[] Fields = ["topic", "partition", "offset", "timestamp", "key", "value", "headers"];
    private readonly string _template;

    private RecordFormatter(string template) => _template = template;

    /// <summary>A formatter for <paramref name="template"/>; a usage error names an unknown {field}.</summary>
    public static RecordFormatter FromTemplate(string template)
    {
        int i = 0;
        while ((i = template.IndexOf('{', i)) >= 0)
        {
            int end = template.IndexOf('}', i);
            if (end < 0) throw CliException.Usage($"--format '{template}' has a '{{' without '}}'");
            string field = template[(i + 1)..end];
            if (!Fields.Contains(field, StringComparer.Ordinal))
                throw CliException.Usage($"--format '{template}' has an unknown field '{{{field}}}': use {string.Join(" ", Fields.Select(f => "{" + f + "}"))}");
            i = end + 1;
        }
        return new RecordFormatter(template.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>The console consumer's layout: the chosen fields, tab-separated, then the value.</summary>
    public static RecordFormatter FromFlags(bool printKey, bool printOffset, bool printHeaders)
    {
        var template = new StringBuilder();
        if (printOffset) template.Append("Partition:{partition}\tOffset:{offset}\t");
        if (printHeaders) template.Append("{headers}\t");
        if (printKey) template.Append("{key}\t");
        template.Append("{value}");
        return new RecordFormatter(template.ToString());
    }

    public string Format(ConsumeResult<string?, string?> record)
    {
        var message = record.Message;
        // One pass, so that a key or value containing "{value}" is printed as it is.
        return FieldPattern().Replace(_template, match => match.Groups[1].Value switch
        {
            "topic" => record.Topic,
            "partition" => record.Partition.ToString(CultureInfo.InvariantCulture),
            "offset" => record.Offset.Value.ToString(CultureInfo.InvariantCulture),
            "timestamp" => message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture),
            "headers" => message.Headers is { Count: > 0 } h ? string.Join(",", h.Select(x => x.ToString())) : "NO_HEADERS",
            "key" => message.Key ?? "null",
            "value" => message.Value ?? "null",
            _ => match.Value,
        });
    }

    [GeneratedRegex(@"\{(topic|partition|offset|timestamp|key|value|headers)\}")]
    private static partial Regex FieldPattern();
}
