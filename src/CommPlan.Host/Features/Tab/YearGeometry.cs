using System.Globalization;
using CommPlan.Domain.Activities;

namespace CommPlan.Host.Features.Tab;

/// <summary>
/// Where things fall in the year view and on the year wheel. The year view is a CSS grid of 48 columns, four per
/// month (days 1–7, 8–15, 16–23, 24–end), after one column of titles: positions are grid lines named by classes
/// (the pages' policy allows no inline styles). The wheel is SVG, drawn clockwise from January at the top.
/// </summary>
public static class YearGeometry
{
    public const int ColumnsPerMonth = 4;
    public const int Columns = 12 * ColumnsPerMonth;

    /// <summary>The 1-based column of a day in its year.</summary>
    public static int Column(DateOnly day) =>
        (day.Month - 1) * ColumnsPerMonth + (day.Day <= 7 ? 1 : day.Day <= 15 ? 2 : day.Day <= 23 ? 3 : 4);

    /// <summary>The classes that put a bar over a period (clipped to the year): its first and past-last grid lines.</summary>
    public static string BarClasses(Period period, int year)
    {
        var from = period.From.Year < year ? new DateOnly(year, 1, 1) : period.From;
        var to = period.To.Year > year ? new DateOnly(year, 12, 31) : period.To;
        return $"gs{Column(from) + 1} ge{Column(to) + 2}";
    }

    /// <summary>The class that puts a one-column mark (a deadline, today) on a day; null outside the year.</summary>
    public static string? MarkClass(DateOnly day, int year) => day.Year == year ? $"gs{Column(day) + 1}" : null;

    public const double WheelCentre = 200;

    /// <summary>The angle of a moment of the year in degrees, 0 at the top (1 January), clockwise.</summary>
    public static double Angle(DateOnly day, bool endOfDay = false)
    {
        var days = DateTime.IsLeapYear(day.Year) ? 366.0 : 365.0;
        return (day.DayOfYear - (endOfDay ? 0 : 1)) / days * 360.0;
    }

    /// <summary>An annular sector from one angle to another between two radii, as an SVG path.</summary>
    public static string Sector(double fromDegrees, double toDegrees, double inner, double outer)
    {
        var sweep = toDegrees - fromDegrees;
        var large = sweep > 180 ? 1 : 0;
        var (x1, y1) = Point(fromDegrees, outer);
        var (x2, y2) = Point(toDegrees, outer);
        var (x3, y3) = Point(toDegrees, inner);
        var (x4, y4) = Point(fromDegrees, inner);
        return string.Create(CultureInfo.InvariantCulture,
            $"M{x1:0.##} {y1:0.##}A{outer:0.##} {outer:0.##} 0 {large} 1 {x2:0.##} {y2:0.##}L{x3:0.##} {y3:0.##}A{inner:0.##} {inner:0.##} 0 {large} 0 {x4:0.##} {y4:0.##}Z");
    }

    /// <summary>A point at an angle (0 at the top, clockwise) and a distance from the wheel's centre.</summary>
    public static (double X, double Y) Point(double degrees, double radius)
    {
        var radians = (degrees - 90) * Math.PI / 180;
        return (WheelCentre + radius * Math.Cos(radians), WheelCentre + radius * Math.Sin(radians));
    }

    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
