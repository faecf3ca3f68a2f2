using System.Diagnostics;
using System.Text;

namespace Streaming.Hosting.Diagnostics;

/// <summary>W3C trace context (<c>traceparent</c>, <c>tracestate</c>) carried in record headers.</summary>
internal static class TraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Replaces the record's trace headers with <paramref name="activity"/>'s context.</summary>
    public static Headers Inject(Activity? activity, Headers? headers)
    {
        headers ??= [];
        if (activity is null) return headers;
        headers.Remove(TraceParent);
        headers.Remove(TraceState);
        headers.Add(TraceParent, activity.Id);
        if (!string.IsNullOrEmpty(activity.TraceStateString)) headers.Add(TraceState, activity.TraceStateString);
        return headers;
    }

    /// <summary>The context a producer left in the headers, or default.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParent, out var parent) || parent is null) return default;
        string? state = headers.TryGetLastBytes(TraceState, out var s) && s is not null ? Encoding.UTF8.GetString(s) : null;
        return ActivityContext.TryParse(Encoding.UTF8.GetString(parent), state, isRemote: true, out var context) ? context : default;
    }
}
