// nm_stream_control: the engine's control (contract section 3). Joins the activation and weight
// streams (both readies equal `take`), tracks a valid and a last bit per pipeline stage, stalls
// every stage while an unread result blocks the result register, and flags the first slice of
// each dot product for the accumulators. Stage 0 is written by the edge that takes a slice;
// stage STAGES-1 is the result register, so the latency L equals STAGES.
// SKID = 1 (schedule option readyCut) cuts the path from m_out_ready to the stall enable and the
// readies: the pipeline advances unless hold_q is set, a flip-flop. A result that arrives while the
// result register is unread moves the unread one into the accumulators (hold_q, acc_first[1]: each
// PE shows its accumulator register), and the pipeline waits until that one is taken.
module nm_stream_control #(
  parameter integer STAGES = 4,
  parameter integer SKID = 0
) (
  input  wire              clk,
  input  wire              rst_n,
  input  wire              s_act_valid,
  input  wire              s_wgt_valid,
  input  wire              s_act_last,
  input  wire              m_out_ready,
  output wire              take,
  output wire              m_out_valid,
  output wire [STAGES-1:0] load,
  output wire              psum_last,
  output wire [SKID:0]     acc_first
);
  /* verilator lint_off UNUSEDPARAM */
  localparam integer LATENCY = STAGES;  // read by the generator, checked against the schedule
  /* verilator lint_on UNUSEDPARAM */

  reg  [STAGES-1:0] valid_q;
  reg  [STAGES-2:0] last_q;
  reg               acc_first_q;
  reg               hold_q;
  integer           s;

  // Every stage advances unless the result register holds a result nobody takes (SKID = 0), or
  // unless the accumulators hold an unread result (SKID = 1: a flip-flop, m_out_ready not on the path).
  wire en = SKID != 0 ? !hold_q : (!valid_q[STAGES-1] || m_out_ready);
  // A result arrives in the result register on this edge.
  wire arrive = valid_q[STAGES-2] && last_q[STAGES-2];

  assign take        = s_act_valid && s_wgt_valid && en && rst_n;
  assign m_out_valid = valid_q[STAGES-1];
  assign psum_last   = last_q[STAGES-2];
  assign load        = {valid_q[STAGES-2:0] & {(STAGES-1){en}}, take};
  generate
    if (SKID != 0) begin : g_skid
      assign acc_first = {hold_q, acc_first_q};
    end else begin : g_plain
      assign acc_first = acc_first_q;
    end
  endgenerate

  always @(posedge clk) begin
    if (!rst_n) begin
      valid_q     <= {STAGES{1'b0}};
      last_q      <= {(STAGES-1){1'b0}};
      acc_first_q <= 1'b1;
      hold_q      <= 1'b0;
    end else if (en) begin
      valid_q[0] <= take;
      if (take) last_q[0] <= s_act_last;
      for (s = 1; s < STAGES - 1; s = s + 1) begin
        valid_q[s] <= valid_q[s-1];
        if (valid_q[s-1]) last_q[s] <= last_q[s-1];
      end
      // The result register becomes valid when the last slice of a dot product is accumulated
      // (SKID = 1: and stays valid while its result is not taken).
      valid_q[STAGES-1] <= arrive || (SKID != 0 && valid_q[STAGES-1] && !m_out_ready);
      if (SKID != 0) hold_q <= arrive && valid_q[STAGES-1] && !m_out_ready;
      if (valid_q[STAGES-2]) acc_first_q <= last_q[STAGES-2];
    end else if (m_out_ready) begin
      // SKID = 1 only (en is always high otherwise when m_out_ready is): the held result is taken.
      hold_q <= 1'b0;
    end
  end
endmodule
