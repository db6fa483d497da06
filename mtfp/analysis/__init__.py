"""Analysis on top of the engine: Monte Carlo, sensitivity, goal seek and scenario discovery.

Every analysis runs its cases as one vectorised ensemble through `mtfp.run_ensemble`
(draw 0 = the central case); nothing here loops the model over scenarios one at a time,
except the goal seeks, where scipy.optimize asks for one point after another.
"""
