#!/usr/bin/python3
"""Writes data/ode/: a damped, large-amplitude pendulum and the linear model that misses its physics.

    theta'' = -(g/L) sin(theta) - c theta',   g/L = 4 (1/s^2), c = 0.25 (1/s),   theta(0) = 2.0 rad, omega(0) = 0

integrated with classical RK4 at h = 1e-4 s in double precision (error far below the 7 printed digits) and
sampled every 0.05 s on [0, 10] s: data/ode/pendulum.csv with columns t, theta, omega (201 rows, no noise).

The known model, data/ode/pendulum_linear_A.csv, is the textbook small-angle, frictionless pendulum
d/dt [theta, omega] = A [theta, omega] with A = [[0, 1], [-g/L, 0]]: it misses both sin(theta) - theta
(large at 2 rad: the period is ~30% longer than 2 pi / sqrt(g/L)) and the damping. The constants were
chosen once, before any fit, and not changed afterwards.

    /usr/bin/python3 scripts/make_ode_data.py
"""
import math
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
G_OVER_L, C = 4.0, 0.25
THETA0, OMEGA0 = 2.0, 0.0
H, EVERY, ROWS = 1e-4, 500, 201


def f(x):
    return (x[1], -G_OVER_L * math.sin(x[0]) - C * x[1])


def rk4(x, h):
    k1 = f(x)
    k2 = f((x[0] + 0.5 * h * k1[0], x[1] + 0.5 * h * k1[1]))
    k3 = f((x[0] + 0.5 * h * k2[0], x[1] + 0.5 * h * k2[1]))
    k4 = f((x[0] + h * k3[0], x[1] + h * k3[1]))
    return (x[0] + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
            x[1] + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]))


def main():
    out = os.path.join(ROOT, "data", "ode")
    os.makedirs(out, exist_ok=True)
    x = (THETA0, OMEGA0)
    lines = ["t,theta,omega"]
    for i in range(ROWS):
        lines.append("%.2f,%.7f,%.7f" % (i * H * EVERY, x[0], x[1]))
        for _ in range(EVERY):
            x = rk4(x, H)
    with open(os.path.join(out, "pendulum.csv"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "pendulum_linear_A.csv"), "w") as fh:
        fh.write("0,1\n%g,0\n" % -G_OVER_L)
    print("wrote data/ode/pendulum.csv (%d rows) and data/ode/pendulum_linear_A.csv" % ROWS)


if __name__ == "__main__":
    main()
